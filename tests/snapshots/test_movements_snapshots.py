"""Detalle de Movimientos at a fixed size, once the table has loaded (see conftest.py)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from cooptui.screens.movements import MovementsScreen
from tests.snapshots.conftest import SMALL, WIDE, Snap, signed_in, snapshot_app, then
from tests.ui.helpers import wait_until


def loaded(pilot: Pilot) -> bool:
    tables = pilot.app.screen.query("#mv-table")
    return bool(tables) and tables.only_one(DataTable).row_count > 0


async def open_movements(pilot: Pilot) -> None:
    pilot.app.open_section("movimientos")  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, MovementsScreen))
    await wait_until(pilot, lambda: loaded(pilot))


def test_movements(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, open_movements), terminal_size=WIDE
    )


def test_movements_with_a_bad_date(snap_compare: Snap) -> None:
    async def typed(pilot: Pilot) -> None:
        field = pilot.app.screen.query_one("#mv-from", Input)
        field.value = ""
        field.focus()
        await pilot.press(*"31/02/2024")

    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, open_movements, typed), terminal_size=WIDE
    )


def test_movements_at_80x24(snap_compare: Snap) -> None:
    assert snap_compare(
        snapshot_app(), run_before=then(signed_in, open_movements), terminal_size=SMALL
    )
