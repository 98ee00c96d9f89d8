"""ProductTable's widths: every figure whole, headers wrapped before text, cards last."""

from __future__ import annotations

from cooptui.widgets.product_table import PAD, Column, Field, fit_widths

ROWS = [
    {"Número": "410112060750", "Tipo de cuenta": "CERTIFICADOS DE APORTACION", "Saldo": "$0.00"},
]
COLUMNS = [
    Column(Field("Número")),
    Column(Field("Tipo de cuenta", wrap=True)),
    Column(Field("Saldo", right=True)),
]


def test_room_enough_keeps_every_header_and_cell_on_one_line() -> None:
    assert fit_widths(COLUMNS, ROWS, 12 + 26 + 5 + 3 * PAD) == [12, 26, 5]


def test_free_text_wraps_at_spaces_but_never_inside_a_word() -> None:
    assert fit_widths(COLUMNS, ROWS, 12 + 16 + 5 + 3 * PAD) == [12, 16, 5]
    assert fit_widths(COLUMNS, ROWS, 12 + 12 + 5 + 3 * PAD) == [12, 12, 5]  # "CERTIFICADOS"
    assert fit_widths(COLUMNS, ROWS, 12 + 11 + 5 + 3 * PAD) is None  # then: cards


def test_a_long_header_over_a_short_figure_wraps_before_any_cell_does() -> None:
    columns = [Column(Field("Número")), Column(Field("Saldo disponible", right=True))]
    rows = [{"Número": "0010", "Saldo disponible": "$290.90"}]
    assert fit_widths(columns, rows, 6 + 16 + 2 * PAD) == [6, 16]
    assert fit_widths(columns, rows, 6 + 10 + 2 * PAD) == [6, 10]  # "Saldo / disponible"
    assert fit_widths(columns, rows, 6 + 9 + 2 * PAD) is None


def test_a_second_figure_under_the_first_takes_the_wider_of_both() -> None:
    columns = [Column(Field("Marca"), Field("Número"))]
    rows = [{"Marca": "Mastercard", "Número": "513744XXXXXX0395"}]
    assert fit_widths(columns, rows, 40) == [16]
    assert fit_widths(columns, rows, 16 + PAD - 1) is None
