"""Detalle de Préstamos and Detalle de Inversión, opened from the summary (see conftest.py)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from cooptui.screens.investment_detail import InvestmentDetailScreen
from cooptui.screens.loan_detail import LoanDetailScreen
from tests.snapshots.conftest import SMALL, WIDE, Snap, signed_in, snapshot_app, then
from tests.ui.helpers import wait_until


async def open_loan(pilot: Pilot) -> None:
    app = pilot.app
    app.screen.query_one("#loans", DataTable).focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, LoanDetailScreen))
    await wait_until(pilot, lambda: app.screen.query_one("#schedule", DataTable).row_count == 48)


async def open_investment(pilot: Pilot) -> None:
    app = pilot.app
    app.screen.query_one("#investments", DataTable).focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, InvestmentDetailScreen))
    await wait_until(
        pilot,
        lambda: getattr(app.screen, "investment", None) is not None,
    )


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
def test_loan_detail(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(snapshot_app(), run_before=then(signed_in, open_loan), terminal_size=size)


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
def test_investment_detail(snap_compare: Snap, size: tuple[int, int]) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, open_investment), terminal_size=size
    )


async def first_installment_overdue(pilot: Pilot) -> None:
    """50 days later: 05/02/2025 has passed and the member's account could not pay it."""
    app = pilot.app
    assert app.backend.demo is not None
    await app.backend.demo.advance_clock(50 * 86_400)
    app.screen.reload()  # type: ignore[attr-defined]
    table = app.screen.query_one("#schedule", DataTable)
    await wait_until(pilot, lambda: "Vencida" in str(table.get_row("1")[7]))


def test_loan_detail_with_an_overdue_installment(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(),
        run_before=then(signed_in, open_loan, first_installment_overdue),
        terminal_size=WIDE,
    )
