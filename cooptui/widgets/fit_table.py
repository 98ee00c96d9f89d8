"""A table that never scrolls sideways: one column takes whatever width the others leave."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

SCROLLBAR = 2


class FitTable(DataTable[Text]):
    """Fixed-width columns plus one flexible column (width 0 in `columns`).

    The flexible column (a name, a description) is resized with the table, so a member
    reads every row without scrolling sideways; its cells should ellipsize
    (`Text(..., no_wrap=True, overflow="ellipsis")`).
    """

    def __init__(
        self, columns: Sequence[tuple[str, int]], *, flex_min: int = 16, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._spec = list(columns)
        self._flex_min = flex_min
        flexible = [label for label, width in self._spec if width == 0]
        if len(flexible) != 1:
            raise ValueError("exactly one column must have width 0 (the flexible one)")
        self._flex_key = ColumnKey(flexible[0])

    def on_mount(self) -> None:
        for label, width in self._spec:
            self.add_column(label, width=width or self._flex_min, key=label)

    def on_resize(self) -> None:
        fixed = sum(width for _, width in self._spec) + 2 * self.cell_padding * len(self._spec)
        width = max(self._flex_min, self.size.width - SCROLLBAR - fixed)
        column = self.columns[self._flex_key]
        if column.width != width:
            column.width = width
            self._clear_caches()
            self._require_update_dimensions = True
            self.refresh()
