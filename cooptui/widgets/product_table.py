"""A table of products that shows every figure whole at the width it has, never sideways.

The summary's tables carry up to eight of the manual's columns: at 120 columns they fit
only with headers wrapped at spaces (as the manual's own table does), free text wrapped
and, where a column names two figures, the second under the first. When even that does
not fit (80 columns), each product becomes a card of label/value pairs, as the product
details do on narrow terminals. The row keys, cursor and selection are a DataTable's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import DataTable

from cooptui.widgets.field_grid import GAP, field_grid

PAD = 2
"""Cells between two columns (DataTable's cell padding, one each side)."""


@dataclass(frozen=True)
class Field:
    """One figure of a product, under the manual's name for it."""

    label: str
    right: bool = False  # money and counts line up on the right
    wrap: bool = False  # free text (a type, a description) may take several lines


@dataclass(frozen=True)
class Column:
    """A column shows one figure, or two, the second on the line under the first."""

    field: Field
    under: Field | None = None

    @property
    def fields(self) -> tuple[Field, ...]:
        return (self.field,) if self.under is None else (self.field, self.under)


Values = Mapping[str, str | Text]
"""A product's figures by field label."""


def _text(value: str | Text) -> Text:
    return value.copy() if isinstance(value, Text) else Text(value)


def _longest_word(text: str) -> int:
    return max((Text(word).cell_len for word in text.split()), default=0)


def _width(text: str) -> int:
    return max((Text(line).cell_len for line in text.splitlines()), default=0)


@dataclass(frozen=True)
class _Measure:
    single: int  # width with a one-line header and unwrapped text
    natural: int  # width with the header wrapped at spaces and unwrapped text
    least: int  # narrowest without breaking a word


def _measure(column: Column, rows: Sequence[Values]) -> _Measure:
    if column.under is not None:  # two labels, one to a line: neither wraps
        width = max(
            [_width(f.label) for f in column.fields]
            + [_width(_text(row[f.label]).plain) for row in rows for f in column.fields]
        )
        return _Measure(width, width, width)
    field = column.field
    plain = [_text(row[field.label]).plain for row in rows]
    values = max((_width(p) for p in plain), default=0)
    words = max((_longest_word(p) for p in plain), default=0) if field.wrap else values
    label = _longest_word(field.label)
    return _Measure(max(_width(field.label), values), max(label, values), max(label, words))


def fit_widths(columns: Sequence[Column], rows: Sequence[Values], width: int) -> list[int] | None:
    """Column widths that fit `width` (one-line headers if they can), None if none do."""
    measures = [_measure(c, rows) for c in columns]
    room = width - PAD * len(columns)
    single = [m.single for m in measures]
    if sum(single) <= room:
        return single
    widths = [m.natural for m in measures]
    # Free text gives way, the widest first, down to its longest word.
    while sum(widths) > room:
        shrinkable = [
            i
            for i, (c, m) in enumerate(zip(columns, measures, strict=True))
            if c.under is None and c.field.wrap and widths[i] > m.least
        ]
        if not shrinkable:
            return None
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def header(column: Column) -> Text:
    """The label, or both labels one under the other; over money, on the right like it."""
    justify = "right" if column.field.right else "left"
    return Text("\n".join(f.label for f in column.fields), justify=justify)


def cell(column: Column, row: Values) -> Text:
    """The column's figure, or both figures one under the other."""
    text = _text(row[column.field.label])
    if column.under is not None:
        text.append("\n")
        text.append_text(_text(row[column.under.label]))
    text.justify = "right" if column.field.right else "left"
    return text


def card(columns: Sequence[Column], row: Values, width: int) -> Table:
    """Every figure as a bold label and its value, two pairs to a line when they fit."""
    fields = [f for c in columns for f in c.fields]
    label_width = max(_width(f.label) for f in fields)
    # Free text wraps in its cell: only the figures have to fit side by side.
    value_width = max((_width(_text(row[f.label]).plain) for f in fields if not f.wrap), default=0)
    per_row = 2 if 2 * (label_width + value_width) + 3 * GAP <= width else 1
    return field_grid([(f.label, _text(row[f.label])) for f in fields], per_row)


class ProductTable(DataTable[RenderableType]):
    """Products as rows (`set_rows`), laid out again whenever the table's width changes."""

    def __init__(self, columns: Sequence[Column], **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.spec = list(columns)
        self._rows: list[tuple[str, Values]] = []
        self._laid_out_at = 0
        self.as_cards = False
        """Whether the products are shown as cards (the columns did not fit)."""

    def set_rows(self, rows: Iterable[tuple[str, Values]]) -> None:
        """Show these products (key, figures by label), keeping the cursor's row."""
        self._rows = list(rows)
        self._layout(force=True)

    def on_resize(self) -> None:
        self._layout()

    def _layout(self, *, force: bool = False) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or (width == self._laid_out_at and not force):
            return
        self._laid_out_at = width
        row = self.cursor_row
        values = [v for _, v in self._rows]
        widths = fit_widths(self.spec, values, width)
        self.clear(columns=True)
        self.as_cards = widths is None
        if widths is None:
            self.show_header = False
            self.add_column("", width=width - PAD)
            for key, figures in self._rows:
                self.add_row(card(self.spec, figures, width - PAD), key=key, height=None)
        else:
            self.show_header = True
            headers = [header(c) for c in self.spec]
            self.header_height = max(
                len(h.wrap(self.app.console, w)) for h, w in zip(headers, widths, strict=True)
            )
            for label, w in zip(headers, widths, strict=True):
                self.add_column(label, width=w)
            for key, figures in self._rows:
                self.add_row(*(cell(c, figures) for c in self.spec), key=key, height=None)
        if self._rows:
            self.move_cursor(row=min(row, len(self._rows) - 1), animate=False)
