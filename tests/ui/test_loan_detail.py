"""Detalle de Préstamos: from the summary's loan row to the amortization table and its CSV."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Static

from cooptui.app import CoopApp
from cooptui.domain.formatting import format_date, format_money
from cooptui.domain.products import AmortizationRow, InstallmentStatus
from cooptui.screens.loan_detail import CSV_HEADER, LoanDetailScreen, filled_cells
from cooptui.screens.summary import SummaryScreen
from tests.ui.helpers import make_app, sign_in, wait_until

LOAN = "0118958000"
DAY = 86_400
KEYS = ("total", "capital", "interest", "arrears", "insurance")


def plain(app: CoopApp, selector: str) -> str:
    """What a Static shows, as plain text (its content may be a Rich table)."""
    found = app.screen.query(selector)
    if not found:
        return ""
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(found.first(Static).content)
    return console.export_text()


async def open_loan(pilot, app: CoopApp) -> LoanDetailScreen:  # type: ignore[no-untyped-def]
    await sign_in(pilot, app)
    loans = app.screen.query_one("#loans", DataTable)
    await wait_until(pilot, lambda: loans.row_count == 1)
    loans.focus()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, LoanDetailScreen))
    screen = app.screen
    assert isinstance(screen, LoanDetailScreen)
    await wait_until(pilot, lambda: screen.query_one("#schedule", DataTable).row_count > 0)
    return screen


def cells(table: DataTable, row: AmortizationRow) -> list[str]:
    return [str(c) for c in table.get_row(str(row.number))]


def expected_cells(row: AmortizationRow) -> list[str]:
    return [
        str(row.number),
        format_money(row.total),
        format_money(row.capital),
        format_money(row.interest),
        format_money(row.arrears),
        format_money(row.insurance),
        format_date(row.due_date),
        row.status.value,
    ]


async def test_the_loan_row_opens_its_detail_and_table(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_loan(pilot, app)
        detail = await app.backend.loan_detail(LOAN)
        table = screen.query_one("#schedule", DataTable)
        assert table.row_count == len(detail.schedule) == 48
        for row in detail.schedule:
            assert cells(table, row) == expected_cells(row)
        assert sum((r.capital for r in detail.schedule), Decimal(0)) == Decimal("13750.00")
        statuses = [r.status for r in detail.schedule]
        assert statuses[0] is InstallmentStatus.CURRENT
        assert set(statuses[1:]) == {InstallmentStatus.UPCOMING}
        fields = plain(app, "#loan-fields")
        for text in ("CONSUMO PRIORITARIO ROL DE PAGOS", "$13,750.00", "05/02/2025", "12.66%"):
            assert text in fields
        assert "48 meses" in fields
        totals = plain(app, "#schedule-totals").splitlines()
        assert totals[0].split() == ["Totales", "Cuota", "Capital", "Interés", "Mora", "Seguro"]
        expected = [sum((getattr(r, k) for r in detail.schedule), Decimal(0)) for k in KEYS]
        assert totals[1].split() == [format_money(v) for v in expected]
        assert totals[1].split()[1] == "$13,750.00"
        assert "Capital pagado $0.00 (0%)" in plain(app, "#loan-paid-label")

        # Exportar tabla (CSV): every figure comes back as written.
        screen.export_folder = tmp_path
        await pilot.press("e")
        path = tmp_path / f"tabla-amortizacion-{LOAN}.csv"
        await wait_until(pilot, path.exists)
        with path.open(encoding="utf-8-sig", newline="") as f:
            header, *rows = list(csv.reader(f))
        assert tuple(header) == CSV_HEADER
        assert len(rows) == 48
        for got, row in zip(rows, detail.schedule, strict=True):
            assert got == [
                str(row.number),
                str(row.total),
                str(row.capital),
                str(row.interest),
                str(row.arrears),
                str(row.insurance),
                row.due_date.isoformat(),
                row.status.value,
                str(row.balance_after),
            ]
        assert sum(Decimal(r[2]) for r in rows) == Decimal("13750.00")
        assert any(str(path) in n.message for n in app._notifications)

        # A second export keeps the first file; an unwritable folder is told, not raised.
        await pilot.click("#loan-export")
        await wait_until(pilot, (tmp_path / f"tabla-amortizacion-{LOAN}-2.csv").exists)
        blocker = tmp_path / "no-es-carpeta"
        blocker.write_text("x")
        screen.export_folder = blocker / "sub"
        await pilot.press("e")
        await wait_until(
            pilot, lambda: any("No se pudo guardar" in n.message for n in app._notifications)
        )

        # A narrow terminal gets one figure to a line.
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: "Total Capital" in plain(app, "#schedule-totals"))
        assert re.search(r"Total Capital +\$13,750\.00", plain(app, "#schedule-totals"))
        assert re.search(r"^Monto +\$13,750\.00 *$", plain(app, "#loan-fields"), re.M)

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))


async def test_after_the_due_date_the_table_follows_the_bank(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_loan(pilot, app)
        assert app.backend.demo is not None
        before = await app.backend.demo.now()
        # The palette's clock jump: past 05/02/2025 (no funds for the cuota), then reload.
        app.advance_clock(50 * DAY)
        await app.workers.wait_for_complete()
        assert (await app.backend.demo.now()) > before
        detail = await app.backend.loan_detail(LOAN)
        first = detail.schedule[0]
        assert first.status is InstallmentStatus.OVERDUE
        assert first.arrears > 0
        table = screen.query_one("#schedule", DataTable)
        await wait_until(pilot, lambda: cells(table, first)[7] == "Vencida")
        for row in detail.schedule:
            assert cells(table, row) == expected_cells(row)
        assert cells(table, first)[4] == format_money(first.arrears) != "$0.00"
        assert detail.loan.status.value in plain(app, "#loan-fields")
        await wait_until(
            pilot,
            lambda: format_money(first.arrears) in plain(app, "#schedule-totals").splitlines()[1],
        )
        assert re.search(r"Cuotas vencidas +1 ", plain(app, "#loan-fields"))


async def test_an_unknown_loan_is_told_on_the_screen() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        app.push_screen(LoanDetailScreen("9999999999"))
        await wait_until(pilot, lambda: isinstance(app.screen, LoanDetailScreen))
        await wait_until(
            pilot, lambda: "No encontramos ese préstamo." in plain(app, "#loan-status")
        )
        assert app.screen.query_one("#schedule", DataTable).row_count == 0
        await pilot.press("e")
        await wait_until(pilot, lambda: any("cargando" in n.message for n in app._notifications))


def test_the_paid_bar_is_drawn_from_decimals() -> None:
    amount = Decimal("13750.00")
    assert filled_cells(Decimal("0.00"), amount, 40) == 0
    assert filled_cells(Decimal("6875.00"), amount, 40) == 20
    assert filled_cells(Decimal("6874.99"), amount, 40) == 19
    assert filled_cells(amount, amount, 40) == 40
    assert filled_cells(Decimal("20000.00"), amount, 40) == 40
    assert filled_cells(Decimal("1.00"), Decimal("0.00"), 40) == 0
