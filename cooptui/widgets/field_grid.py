"""Label/value pairs as a Rich grid: how a product shows its figures when columns do not fit."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

GAP = 2
"""Cells between a label and its value, and between two pairs."""


def field_grid(pairs: Sequence[tuple[str, str | Text]], per_row: int) -> Table:
    """Bold labels and their values, `per_row` pairs to a line (1 when narrow, 2 when wide)."""
    grid = Table.grid(padding=(0, GAP))
    for _ in range(per_row):
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
    for i in range(0, len(pairs), per_row):
        cells: list[RenderableType] = []
        for label, value in pairs[i : i + per_row]:
            cells += [label, value if isinstance(value, Text) else Text(value)]
        grid.add_row(*cells)
    return grid
