"""Historial de Pagos at a fixed size, once the bank has answered (see conftest.py)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from cooptui.screens.payment_history import PaymentHistoryScreen
from tests.snapshots.conftest import SMALL, WIDE, Snap, click, signed_in, snapshot_app, then
from tests.ui.helpers import wait_until


def answered(pilot: Pilot) -> bool:
    screen = pilot.app.screen
    if not isinstance(screen, PaymentHistoryScreen) or not screen.payments:
        return False
    table = screen.query_one("#ph-table", DataTable)
    return table.row_count == len(screen.payments) and table.virtual_size.height > table.row_count


async def payment_history(pilot: Pilot) -> None:
    pilot.app.open_section("historial")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PaymentHistoryScreen))
    await wait_until(pilot, lambda: answered(pilot))


async def consulted(pilot: Pilot) -> None:
    """Consultar, as a member would: the results take the focus (and come into view)."""
    await click(pilot, "#ph-query")
    table = pilot.app.screen.query_one("#ph-table", DataTable)
    await wait_until(pilot, lambda: table.has_focus and answered(pilot))
    await wait_until(pilot, lambda: pilot.app.screen.can_view_entire(table))


async def beyond_three_months(pilot: Pilot) -> None:
    field = pilot.app.screen.query_one("#ph-from", Input)
    field.value = ""
    field.focus()
    await pilot.press(*"17/09/2024")
    await wait_until(pilot, lambda: pilot.app.screen.query_one("#ph-range-error").display)


def test_payment_history(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, payment_history), terminal_size=WIDE
    )


def test_payment_history_at_80x24(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, payment_history, consulted), terminal_size=SMALL
    )


def test_payment_history_beyond_three_months(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(),
        run_before=then(signed_in, payment_history, beyond_three_months),
        terminal_size=WIDE,
    )
