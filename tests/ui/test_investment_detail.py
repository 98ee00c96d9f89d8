"""Detalle de Inversión: the manual's term deposit and the interest it earns by the clock."""

from __future__ import annotations

from textual.widgets import DataTable, ProgressBar

from cooptui.domain.formatting import format_money
from cooptui.screens.investment_detail import InvestmentDetailScreen
from cooptui.screens.summary import SummaryScreen
from tests.ui.helpers import make_app, sign_in, wait_until
from tests.ui.test_loan_detail import plain

DAY = 86_400


async def test_the_investment_row_opens_its_detail_and_interest_grows_by_the_clock() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        table = app.screen.query_one("#investments", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        table.focus()
        await wait_until(pilot, lambda: table.has_focus)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, InvestmentDetailScreen))
        screen = app.screen
        assert isinstance(screen, InvestmentDetailScreen)
        await wait_until(pilot, lambda: plain(app, "#investment-fields") != "")
        [inv] = await app.backend.investments()
        fields = plain(app, "#investment-fields")
        for text in ("0010", "$10,000.00", "7.90%", "365", "08/11/2025", "VIGENTE"):
            assert text in fields
        assert format_money(inv.interest_at_maturity) in fields
        before = inv.interest_earned
        assert before > 0
        assert format_money(before) in plain(app, "#investment-earned")
        # 08/11/2024 → 18/12/2024 (the bank's date): 40 days of 365.
        assert "día 40 de 365" in plain(app, "#investment-term-label")
        bar = screen.query_one("#investment-term", ProgressBar)
        assert (bar.progress, bar.total) == (40, 365)

        assert app.backend.demo is not None
        await app.backend.demo.advance_clock(7 * DAY)
        screen.reload()
        [later] = await app.backend.investments()
        assert later.interest_earned > before
        await wait_until(
            pilot, lambda: format_money(later.interest_earned) in plain(app, "#investment-earned")
        )
        assert "día 47 de 365" in plain(app, "#investment-term-label")
        assert bar.progress == 47

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))


async def test_an_unknown_investment_is_told_on_the_screen() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        app.push_screen(InvestmentDetailScreen("9999"))
        await wait_until(pilot, lambda: isinstance(app.screen, InvestmentDetailScreen))
        await wait_until(
            pilot, lambda: "No encontramos esa inversión." in plain(app, "#investment-status")
        )
        assert plain(app, "#investment-fields").strip() == ""
