"""Every CSV the app writes, from every screen that writes one: same encoding, never replaced."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from cooptui.backend_stub.seed import DEMO_SAVINGS
from cooptui.screens.account_detail import AccountDetailScreen
from cooptui.screens.loan_detail import LoanDetailScreen
from cooptui.screens.movements import MovementsScreen
from tests.ui.helpers import make_app, sign_in, wait_until

BOM = b"\xef\xbb\xbf"
LOAN = "0118958000"


def files(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern))


async def test_every_csv_path_writes_utf8_with_bom_and_keeps_earlier_files(
    tmp_path: Path,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)

        # Detalle de Movimientos: F6 twice at once (the same second, the same filter)
        app.open_section("movimientos")
        await wait_until(pilot, lambda: isinstance(app.screen, MovementsScreen))
        movements = app.screen
        assert isinstance(movements, MovementsScreen)
        movements.export_folder = tmp_path / "mov"
        await wait_until(pilot, lambda: movements.query_one("#mv-table").display)
        table = movements.query_one("#mv-table", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0 and movements.table_complete)
        table.focus()
        await wait_until(pilot, lambda: table.has_focus)
        await pilot.press("f6", "f6")
        await wait_until(pilot, lambda: len(files(tmp_path / "mov", "*.csv")) == 2)
        stem = f"movimientos-{DEMO_SAVINGS}-20231218-20241218"
        first, second = tmp_path / "mov" / f"{stem}.csv", tmp_path / "mov" / f"{stem}-2.csv"
        assert files(tmp_path / "mov", "*.csv") == sorted([first, second])
        await wait_until(pilot, lambda: second.stat().st_size == first.stat().st_size > 0)
        assert first.read_bytes().startswith(BOM + "Fecha,Descripción".encode())
        assert second.read_bytes() == first.read_bytes()
        await pilot.press("f7")
        await wait_until(pilot, lambda: bool(files(tmp_path / "mov", "*.ofx")))
        [ofx] = files(tmp_path / "mov", "*.ofx")
        await wait_until(pilot, lambda: ofx.stat().st_size > 0)
        assert ofx.read_bytes().startswith(b"<?xml")  # OFX: its XML header says UTF-8

        # Cuenta de ahorros: its ten latest movements, twice
        app.push_screen(AccountDetailScreen(DEMO_SAVINGS, export_folder=tmp_path / "cta"))
        await wait_until(pilot, lambda: isinstance(app.screen, AccountDetailScreen))
        detail = app.screen
        await wait_until(pilot, lambda: detail.query_one("#movements", DataTable).row_count > 0)
        await pilot.press("e")
        await wait_until(pilot, lambda: len(files(tmp_path / "cta", "*.csv")) == 1)
        await pilot.press("e")
        await wait_until(pilot, lambda: len(files(tmp_path / "cta", "*.csv")) == 2)
        for path in files(tmp_path / "cta", "*.csv"):
            assert path.read_bytes().startswith(BOM + "Fecha,Descripción".encode())
        await pilot.press("escape")

        # Préstamo: the amortization table
        app.push_screen(LoanDetailScreen(LOAN, export_folder=tmp_path / "pre"))
        await wait_until(pilot, lambda: isinstance(app.screen, LoanDetailScreen))
        loan = app.screen
        await wait_until(pilot, lambda: loan.query_one("#schedule", DataTable).row_count > 0)
        await pilot.press("e")
        await wait_until(pilot, lambda: bool(files(tmp_path / "pre", "*.csv")))
        [schedule] = files(tmp_path / "pre", "*.csv")
        assert schedule.read_bytes().startswith(BOM + b"N Cuota,")
