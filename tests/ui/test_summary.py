"""Resumen de Productos: the manual's figures, Compartir, and the drill-down keys."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from cooptui.screens.credit_card import CreditCardScreen
from cooptui.screens.loan_detail import LoanDetailScreen
from cooptui.screens.summary import SummaryScreen
from cooptui.widgets.product_table import ProductTable
from tests.ui.helpers import make_app, sign_in, wait_until


async def test_summary_shows_the_manuals_products_and_shares_an_account() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        accounts = screen.query_one("#accounts", DataTable)
        await wait_until(pilot, lambda: accounts.row_count == 2)
        savings = [str(c) for c in accounts.get_row("410112060750")]
        assert savings[3:5] == ["$295.65", "$290.90"]
        certificates = [str(c) for c in accounts.get_row("410212060750")]
        assert certificates[3:5] == ["$412.50", "$0.00"]
        loans = screen.query_one("#loans", DataTable)
        assert "$13,750.00" in [str(c) for c in loans.get_row("0118958000")]
        cards = screen.query_one("#cards", DataTable)
        assert [str(c) for c in cards.get_row("TC-1")][:2] == [
            "Mastercard\n513744XXXXXX0395",  # Número under Marca: 120 columns hold every figure
            "$1,538.14",
        ]
        accounts.focus()
        await pilot.press("c")
        await wait_until(pilot, lambda: any("Compartir" in n.title for n in app._notifications))
        shared = next(n for n in app._notifications if n.title == "Compartir").message
        assert "Número de cuenta: 410112060750" in shared
        assert "Gabriel Andrés Silva Mora" in shared
        assert app.clipboard.endswith("Número de cuenta: 410112060750")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["columns", "cards"])
async def test_a_product_opens_its_detail_whether_shown_as_columns_or_as_a_card(
    size: tuple[int, int],
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await sign_in(pilot, app)
        loans = app.screen.query_one("#loans", ProductTable)
        await wait_until(pilot, lambda: loans.row_count == 1)
        assert loans.as_cards is (size == (80, 24))  # 80 columns: the loan's figures as pairs
        loans.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LoanDetailScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        cards = app.screen.query_one("#cards", ProductTable)
        await wait_until(pilot, lambda: cards.row_count == 1)
        cards.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CreditCardScreen))
