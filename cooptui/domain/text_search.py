"""Searching Spanish text as a member types it: without accents, case or word order.

A member types "contrasena" on a keyboard without ñ, or "TRANSFERENCIA", and expects
"contraseña" and "transferencia" to be found. `fold` is the comparison key and
`match_spans` tells where a query was found in the original text, to highlight it.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents or tildes: "Contraseña" -> "contrasena"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def query_words(query: str) -> list[str]:
    """The folded words of what the member typed (none for an empty or blank query)."""
    return fold(query).split()


def matches(query: str, *texts: str) -> bool:
    """Whether every word of `query` appears (folded) in one of `texts`, in any order.

    An empty query matches everything: the whole list shows until the member types."""
    haystacks = [fold(text) for text in texts]
    return all(any(word in hay for hay in haystacks) for word in query_words(query))


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """(start, end) offsets in `text` where the words of `query` occur, folded, merged and
    sorted, so that "contrasena" highlights "contraseña" in the text as written."""
    words = query_words(query)
    if not words:
        return []
    folded: list[str] = []
    origin: list[int] = []  # origin[i]: the index in `text` of folded character i
    for index, char in enumerate(text):
        for piece in fold(char):
            folded.append(piece)
            origin.append(index)
    flat = "".join(folded)
    spans: list[tuple[int, int]] = []
    for word in words:
        start = flat.find(word)
        while start != -1:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = flat.find(word, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
