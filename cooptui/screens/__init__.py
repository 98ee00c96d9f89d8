"""One module (and one .tcss) per section of the manual."""
