"""Detalle de Préstamos and Detalle de Inversión, opened from the summary (see conftest.py)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable

from cooptui.screens.investment_detail import InvestmentDetailScreen
from cooptui.screens.loan_detail import LoanDetailScreen
from tests.snapshots.conftest import WIDE, Snap, signed_in, snapshot_app, then
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


def test_loan_detail(snap_compare: Snap) -> None:
    assert snap_compare(snapshot_app(), run_before=then(signed_in, open_loan), terminal_size=WIDE)


def test_investment_detail(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, open_investment), terminal_size=WIDE
    )
