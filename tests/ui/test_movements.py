"""Detalle de Movimientos: the bank's 12 months, every filter, and the CSV/OFX exports."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from cooptui.app import CoopApp
from cooptui.backend_stub.seed import DEMO_CERTIFICATES, DEMO_SAVINGS
from cooptui.domain.formatting import format_date, format_money
from cooptui.domain.products import Movement, MovementType
from cooptui.screens.movements import DEBOUNCE_SECONDS, MovementsScreen, fold
from tests.ui.helpers import make_app, shown, sign_in, type_text, wait_until


def table(app: CoopApp) -> DataTable:
    return app.screen.query_one("#mv-table", DataTable)


def rows(app: CoopApp) -> list[list[str]]:
    """The table's rows, once every slice of a rebuild has arrived."""
    t = table(app)
    screen = app.screen
    assert isinstance(screen, MovementsScreen)
    assert screen.table_complete
    return [[str(cell) for cell in t.get_row_at(i)] for i in range(t.row_count)]


def expected_rows(movements: list[Movement]) -> list[list[str]]:
    return [
        [
            format_date(m.posted_at),
            m.description,
            m.type.value,
            format_money(m.amount),
            format_money(m.balance),
        ]
        for m in movements
    ]


async def open_movements(pilot: Pilot, app: CoopApp) -> MovementsScreen:
    await sign_in(pilot, app)
    app.open_section("movimientos")
    await wait_until(pilot, lambda: isinstance(app.screen, MovementsScreen))
    await wait_until(
        pilot, lambda: bool(app.screen.query("#mv-table")) and table(app).row_count > 0
    )
    screen = app.screen
    assert isinstance(screen, MovementsScreen)
    return screen


async def complete(pilot: Pilot, app: CoopApp) -> None:
    await wait_until(pilot, lambda: app.screen.table_complete)  # type: ignore[attr-defined]


async def set_input(pilot: Pilot, app: CoopApp, selector: str, text: str) -> None:
    field = app.screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await type_text(pilot, text)
    await pilot.pause(DEBOUNCE_SECONDS + 0.1)


async def test_the_table_shows_the_banks_12_months_newest_first() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_movements(pilot, app)
        movements = await app.backend.movements(DEMO_SAVINGS)
        assert len(movements) > 100
        await complete(pilot, app)
        assert rows(app) == expected_rows(movements)
        assert screen.shown_movements == movements
        assert app.screen.query_one("#mv-from", Input).value == "18/12/2023"
        assert app.screen.query_one("#mv-to", Input).value == "18/12/2024"
        debits = sum(m.amount for m in movements if m.amount < 0)
        credits = sum(m.amount for m in movements if m.amount > 0)
        totals = shown(app, "#mv-totals")
        assert f"{len(movements)} movimientos" in totals
        assert format_money(debits) in totals
        assert format_money(credits) in totals


async def test_debits_and_credits_look_different_and_money_is_right_aligned() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_movements(pilot, app)
        kinds = {m.type: i for i, m in enumerate(screen.shown_movements)}
        debit = table(app).get_row_at(kinds[MovementType.DEBIT])
        credit = table(app).get_row_at(kinds[MovementType.CREDIT])
        assert debit[3].style != credit[3].style
        assert debit[3].justify == credit[4].justify == "right"


async def test_type_filter() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_movements(pilot, app)
        everything = list(screen.shown_movements)
        app.screen.query_one("#mv-type", Select).value = MovementType.CREDIT.value
        await wait_until(pilot, lambda: len(screen.shown_movements) < len(everything))
        credits = [m for m in everything if m.type is MovementType.CREDIT]
        assert screen.shown_movements == credits
        await complete(pilot, app)
        assert rows(app) == expected_rows(credits)
        assert "Débitos: $0.00" in shown(app, "#mv-totals")
        app.screen.query_one("#mv-type", Select).value = MovementType.DEBIT.value
        await wait_until(pilot, lambda: screen.shown_movements[0].type is MovementType.DEBIT)
        assert screen.shown_movements == [m for m in everything if m.type is MovementType.DEBIT]


async def test_text_filter_ignores_case_and_accents() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_movements(pilot, app)
        everything = list(screen.shown_movements)
        await set_input(pilot, app, "#mv-search", "benitez")  # the bank writes "Benítez"
        await wait_until(pilot, lambda: len(screen.shown_movements) < len(everything))
        expected = [m for m in everything if "benitez" in fold(m.description)]
        assert expected
        assert all("Benítez" in m.description for m in expected)
        await complete(pilot, app)
        assert rows(app) == expected_rows(expected)
        await set_input(pilot, app, "#mv-search", "RETIRO DE ahorros")
        await wait_until(pilot, lambda: screen.shown_movements != expected)
        assert screen.shown_movements == [
            m for m in everything if "RETIRO DE AHORROS" in m.description
        ]
        await set_input(pilot, app, "#mv-search", "no existe tal cosa")
        await wait_until(pilot, lambda: table(app).row_count == 0)
        assert "0 movimientos" in shown(app, "#mv-totals")


async def test_date_range_filter_matches_the_backend() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_movements(pilot, app)
        await set_input(pilot, app, "#mv-from", "01/11/2024")
        await set_input(pilot, app, "#mv-to", "30/11/2024")

        expected = await app.backend.movements(DEMO_SAVINGS, date(2024, 11, 1), date(2024, 11, 30))
        await wait_until(pilot, lambda: screen.shown_movements == expected)
        await complete(pilot, app)
        assert rows(app) == expected_rows(expected)
        assert shown(app, "#mv-from-error") == shown(app, "#mv-to-error") == ""


async def test_bad_dates_are_told_in_spanish_and_keep_what_was_typed() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_movements(pilot, app)
        count = len(screen.shown_movements)
        await set_input(pilot, app, "#mv-from", "31/02/2024")
        assert shown(app, "#mv-from-error") == "La fecha ingresada no existe"
        assert app.screen.query_one("#mv-from", Input).value == "31/02/2024"
        assert len(screen.shown_movements) == count  # the last good range stays on screen
        await set_input(pilot, app, "#mv-from", "2024-01-01")
        assert shown(app, "#mv-from-error") == "Ingresa la fecha en formato dd/mm/aaaa"
        assert app.screen.query_one("#mv-from", Input).value == "2024-01-01"
        await set_input(pilot, app, "#mv-from", "01/12/2023")
        assert shown(app, "#mv-from-error") == ""
        assert "últimos 12 meses" in shown(app, "#mv-range-error")
        assert "18/12/2023" in shown(app, "#mv-range-error")
        await set_input(pilot, app, "#mv-from", "10/12/2024")
        await set_input(pilot, app, "#mv-to", "01/12/2024")
        assert shown(app, "#mv-range-error") == (
            "La fecha desde no puede ser posterior a la fecha hasta."
        )
        await set_input(pilot, app, "#mv-to", "19/12/2024")
        assert "posterior a hoy" in shown(app, "#mv-range-error")
        await pilot.press("f6")
        await wait_until(pilot, lambda: any("Corrige" in n.message for n in app._notifications))
        await set_input(pilot, app, "#mv-to", "18/12/2024")
        assert not app.screen.query_one("#mv-range-error").display
        assert all(m.posted_at.day >= 10 for m in screen.shown_movements)


async def test_choosing_another_account_loads_its_movements() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_movements(pilot, app)
        app.screen.query_one("#mv-account", Select).value = DEMO_CERTIFICATES
        expected = await app.backend.movements(DEMO_CERTIFICATES)
        await wait_until(pilot, lambda: screen.shown_movements == expected)
        await complete(pilot, app)
        assert rows(app) == expected_rows(expected)


async def export(pilot: Pilot, app: CoopApp, key: str, tmp_path: Path, ext: str) -> Path:
    before = set(tmp_path.glob(f"*.{ext}"))
    await pilot.press(key)
    await wait_until(pilot, lambda: set(tmp_path.glob(f"*.{ext}")) != before)
    [path] = set(tmp_path.glob(f"*.{ext}")) - before
    await wait_until(pilot, lambda: any(str(path) in n.message for n in app._notifications))
    return path


async def test_export_csv_writes_what_is_shown(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_movements(pilot, app)
        screen.export_folder = tmp_path
        movements = await app.backend.movements(DEMO_SAVINGS)
        table(app).focus()
        path = await export(pilot, app, "f6", tmp_path, "csv")
        assert path.name == "movimientos-410112060750-20231218-20241218.csv"
        with path.open(encoding="utf-8-sig", newline="") as handle:
            data = list(csv.DictReader(handle))
        assert len(data) == len(movements)
        for row, m in zip(data, movements, strict=True):
            assert row["Fecha"] == m.posted_at.date().isoformat()
            assert row["Descripción"] == m.description
            assert row["Tipo"] == m.type.value
            assert Decimal(row["Monto"]) == m.amount
            assert Decimal(row["Saldo"]) == m.balance
            assert row["Referencia"] == m.reference
        # a filtered export holds only what the table shows
        app.screen.query_one("#mv-type", Select).value = MovementType.CREDIT.value
        await wait_until(pilot, lambda: len(screen.shown_movements) < len(movements))
        await pilot.click("#mv-export-csv")
        await wait_until(pilot, lambda: len(list(tmp_path.glob("*.csv"))) == 2)
        [second] = [p for p in tmp_path.glob("*.csv") if p != path]
        with second.open(encoding="utf-8-sig", newline="") as handle:
            kinds = {row["Tipo"] for row in csv.DictReader(handle)}
        assert kinds == {"Crédito"}


async def test_export_ofx_parses_back(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_movements(pilot, app)
        screen.export_folder = tmp_path
        await set_input(pilot, app, "#mv-search", "transferencia")
        await wait_until(pilot, lambda: 0 < len(screen.shown_movements) < 150)
        shown_now = list(screen.shown_movements)
        table(app).focus()
        path = await export(pilot, app, "f7", tmp_path, "ofx")
        root = ET.parse(path).getroot()
        trns = root.findall(".//BANKTRANLIST/STMTTRN")
        assert len(trns) == len(shown_now)
        assert sum(Decimal(t.findtext("TRNAMT") or "") for t in trns) == sum(
            m.amount for m in shown_now
        )
        fitids = [t.findtext("FITID") for t in trns]
        assert len(set(fitids)) == len(fitids)
        assert root.findtext(".//LEDGERBAL/BALAMT") == f"{shown_now[0].balance:.2f}"
        assert root.findtext(".//BANKACCTFROM/ACCTID") == DEMO_SAVINGS
