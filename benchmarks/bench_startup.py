"""Start-up as a member sees it: from the command to the login form on the screen.

Run: `uv run python benchmarks/bench_startup.py [runs]`. Each run spawns the program on a
pseudo-terminal of 120x40 (as a user's terminal) and times until "Ingresar", the login
button, has been written to it; `cooptui --fresh` and the bare Textual login of
`bare_login.py` alternate, and the medians and their ratio are printed. Nothing is
asserted (tests do not time things).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKER = b"Ingresar"
TIMEOUT = 30.0


def first_frame(argv: list[str]) -> float:
    """Seconds from spawning `argv` on a 120x40 pty to MARKER appearing in its output."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of 120x40, then the program
        os.environ["TERM"] = "xterm-256color"
        os.execvp(argv[0], argv)
    start = time.perf_counter()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    try:
        while time.perf_counter() - start < TIMEOUT:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            seen = seen[-len(MARKER) :] + chunk
            if MARKER in seen:
                return time.perf_counter() - start
        raise RuntimeError(f"{argv[0]} never drew {MARKER!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    python = sys.executable
    programs = {
        "cooptui --fresh": [python, "-m", "cooptui", "--fresh"],
        "bare Textual login": [python, str(HERE / "bare_login.py")],
    }
    for argv in programs.values():  # warm the disk cache and the bytecode
        first_frame(argv)
    samples: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(runs):
        for name, argv in programs.items():
            samples[name].append(first_frame(argv))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, value in medians.items():
        print(f"{name:<22} {value * 1000:7.0f} ms (median of {runs})")
    ratio = medians["cooptui --fresh"] / medians["bare Textual login"]
    print(f"{'ratio':<22} {ratio:7.2f}x")


if __name__ == "__main__":
    main()
