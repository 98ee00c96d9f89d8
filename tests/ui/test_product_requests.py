"""Solicita tus Productos end to end: the catalog, the simulators, a request and its list.

Each test checks the bank afterwards: the requests it stored (all members' rows, so a
duplicate anywhere would show) and the e-mail it sent.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Tabs

from cooptui.app import CoopApp
from cooptui.backend.errors import BackendUnavailable, InvalidInput
from cooptui.backend_stub.seed import DEMO_LOAN
from cooptui.domain.auth import MessageChannel
from cooptui.domain.catalog import ProductRequest
from cooptui.screens.credit_simulator import CreditSimulatorScreen
from cooptui.screens.deposit_simulator import DepositSimulatorScreen
from cooptui.screens.product_catalog import TABS, ProductCatalogScreen
from cooptui.screens.product_request import ProductRequestScreen
from cooptui.widgets.confirm_dialog import SummaryRow
from cooptui.widgets.product_confirm import ProductConfirmDialog
from tests.ui.helpers import (
    core_of,
    error_of,
    make_app,
    press_button,
    shown,
    sign_in,
    type_text,
    visible_text,
    wait_until,
)

PHONE = "0991234567"
BOM = b"\xef\xbb\xbf"


def stored_requests(app: CoopApp) -> list[tuple[str, str, int | None, int | None, str]]:
    """Every request the bank holds, of every member: (reference, product, cents, plazo, key)."""
    with core_of(app).db.transaction() as conn:
        rows = conn.execute(
            "SELECT reference, product_id, amount_cents, term, idempotency_key"
            " FROM product_requests ORDER BY id"
        ).fetchall()
    return [tuple(r) for r in rows]


async def emails(app: CoopApp) -> list[tuple[str, str]]:
    assert app.backend.demo is not None
    return [
        (m.subject, m.body)
        for m in await app.backend.demo.outbox()
        if m.channel is MessageChannel.EMAIL
    ]


async def open_catalog(
    pilot: Pilot, app: CoopApp, tab: str = "pc-tab-savings"
) -> ProductCatalogScreen:
    await sign_in(pilot, app)
    app.open_section("solicitudes")
    await wait_until(pilot, lambda: isinstance(app.screen, ProductCatalogScreen))
    screen = app.screen
    assert isinstance(screen, ProductCatalogScreen)
    await wait_until(pilot, lambda: bool(screen.offers))
    screen.query_one("#pc-tabs", Tabs).active = tab
    category = TABS[tab]
    await wait_until(pilot, lambda: getattr(screen.current(), "category", None) is category)
    return screen


async def open_form(
    pilot: Pilot, screen: ProductCatalogScreen, product: str
) -> ProductRequestScreen:
    """Enter on the product's row, as the member chooses it."""
    app = pilot.app
    table = screen.query_one("#pc-table", DataTable)
    table.move_cursor(row=table.get_row_index(product))
    table.focus()
    await wait_until(pilot, lambda: table.has_focus and screen.current().id == product)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ProductRequestScreen))
    form = app.screen
    assert isinstance(form, ProductRequestScreen)
    return form


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await wait_until(pilot, lambda: field.has_focus)
    field.value = ""
    await type_text(pilot, text)


def confirm_lines(app: CoopApp) -> dict[str, str]:
    return {row.label: row.value for row in app.screen.query(SummaryRow).results(SummaryRow)}


async def test_request_a_credit_after_simulating_it(tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        catalog = await open_catalog(pilot, app, "pc-tab-credits")
        assert catalog.current().id == "credito-consumo"
        assert "Entre $500.00 y $30,000.00" in visible_text(catalog.query_one("#pc-figures"))

        # Simular: the demo member's own loan, on the manual's date
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, CreditSimulatorScreen))
        simulator = app.screen
        assert isinstance(simulator, CreditSimulatorScreen)
        await wait_until(pilot, lambda: simulator.query_one("#cs-amount").has_focus)
        await type_text(pilot, "13750")
        await pilot.press("tab")
        await type_text(pilot, "48")
        await pilot.press("enter")
        table = simulator.query_one("#cs-table", DataTable)
        await wait_until(pilot, lambda: table.row_count == 48)
        sim = simulator.simulation
        assert sim is not None
        loan = await app.backend.loan_detail(DEMO_LOAN)
        assert [
            (r.number, r.due_date, r.total, r.capital, r.interest, r.insurance, r.balance_after)
            for r in sim.rows
        ] == [
            (r.number, r.due_date, r.total, r.capital, r.interest, r.insurance, r.balance_after)
            for r in loan.schedule
        ]
        # Hand check of the first cuota: 49 days at 12.66 % / 360 on $13,750.00, the French
        # level payment on 48 months, 0.144 % insurance on the balance.
        interest = Fraction(13750) * Fraction("0.1266") * 49 / 360  # 236.94375
        r = Fraction("0.1266") / 12
        level = Fraction(13750) * r / (1 - (1 + r) ** -48)  # 366.559…
        assert round(interest, 2) == Fraction("236.94")
        assert round(level, 2) == Fraction("366.56")
        first = table.get_row_at(0)
        assert [str(cell) for cell in first] == [
            "1", "05/02/2025", "$386.36", "$129.62", "$236.94", "$19.80", "$13,620.38",
        ]  # fmt: skip
        summary = visible_text(simulator.query_one("#cs-summary"))
        for figure in ("12.66% anual", "$386.36", "$4,018.38", "$529.29", "$18,297.67"):
            assert figure in summary

        # CSV of the table
        simulator.export_folder = tmp_path
        await pilot.press("f6")
        path = tmp_path / "simulacion-credito-consumo-13750-48meses.csv"
        await wait_until(pilot, lambda: path.exists() and path.stat().st_size > 0)
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
        assert path.read_bytes().startswith(BOM + "Nº,Fecha de pago,Cuota".encode())
        assert lines[1] == "1,2025-02-05,386.36,129.62,236.94,19.80,13620.38"
        assert len(lines) == 49
        assert lines[-1].endswith(",0.00")

        # Solicitar: the form with what was simulated
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, ProductRequestScreen))
        form = app.screen
        assert isinstance(form, ProductRequestScreen)
        assert form.query_one("#pr-amount", Input).value == "13750"
        assert form.query_one("#pr-term", Input).value == "48"
        await wait_until(pilot, lambda: form.query_one("#pr-comment").has_focus)
        await type_text(pilot, "Para remodelar la cocina")
        await type_into(pilot, "#pr-phone", PHONE)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProductConfirmDialog))
        await wait_until(pilot, lambda: app.screen.query_one("#confirm").has_focus)
        assert confirm_lines(app) == {
            "Producto": "Crédito de consumo",
            "Monto": "$13,750.00",
            "Plazo": "48 meses",
            "Teléfono de contacto": PHONE,
            "Comentario": "Para remodelar la cocina",
        }
        assert stored_requests(app) == []  # nothing is asked before Confirmar
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is form and form.request is not None)
        await wait_until(pilot, lambda: form.query_one("#pr-close").has_focus)
        done = visible_text(form.query_one("#pr-done"))
        assert "Estado: Recibida" in done
        assert "SOL-1001" in done
        assert "$13,750.00" in done
        assert "Te enviamos un correo con el detalle de tu solicitud" in done
        assert [r[:4] for r in stored_requests(app)] == [
            ("SOL-1001", "credito-consumo", 1375000, 48)
        ]
        assert ("Solicitud SOL-1001 recibida", _body(PHONE)) in await emails(app)

        # Mis solicitudes, back on the catalog
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CreditSimulatorScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is catalog)
        await pilot.press("f4")
        requests = catalog.query_one("#pc-requests-table", DataTable)
        await wait_until(pilot, lambda: requests.row_count == 1 and requests.display)
        await wait_until(pilot, lambda: "SOL-1001" in visible_text(requests))
        listed = visible_text(requests)
        for figure in ("18/12/2024", "Crédito de consumo", "$13,750.00", "48 meses", "Recibida"):
            assert figure in listed
        assert shown(app, "#pc-requests-status") == "Tienes 1 solicitud."
        assert "Para remodelar la cocina" in visible_text(catalog.query_one("#pc-request-detail"))


def _body(phone: str) -> str:
    return (
        "Recibimos tu solicitud de Crédito de consumo. Un asesor te contactará al"
        f" {phone} en un máximo de 48 horas laborables."
    )


async def test_enter_pressed_again_and_again_makes_one_request() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        catalog = await open_catalog(pilot, app, "pc-tab-credits")
        form = await open_form(pilot, catalog, "credito-consumo")
        await type_into(pilot, "#pr-amount", "5000")
        await type_into(pilot, "#pr-term", "12")
        await type_into(pilot, "#pr-phone", PHONE)
        # Enter in the field sends; Enter again confirms; the rest land on a form that is
        # sending (ignored) or on the result.
        await pilot.press("enter", "enter", "enter", "enter")
        await wait_until(pilot, lambda: form.request is not None or not form.is_attached)
        await pilot.pause(0.2)
        assert [r[0] for r in stored_requests(app)] == ["SOL-1001"]
        assert len(await app.backend.product_requests()) == 1


async def test_confirmar_twice_makes_one_request() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        catalog = await open_catalog(pilot, app, "pc-tab-credits")
        form = await open_form(pilot, catalog, "microcredito")
        await type_into(pilot, "#pr-amount", "1500")
        await type_into(pilot, "#pr-term", "6")
        await type_into(pilot, "#pr-phone", PHONE)
        await press_button(pilot, "#pr-send")
        await wait_until(pilot, lambda: isinstance(app.screen, ProductConfirmDialog))
        await wait_until(pilot, lambda: app.screen.query_one("#confirm").has_focus)
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: form.request is not None)
        await pilot.pause(0.2)
        assert form.request.reference == "SOL-1001"
        assert [r[:4] for r in stored_requests(app)] == [("SOL-1001", "microcredito", 150000, 6)]
        # The second Enter found Enviar gone with the form, or closed the result:
        # either way the bank has the one request, and the list shows it.
        await wait_until(pilot, lambda: app.screen in (form, catalog))
        await wait_until(pilot, lambda: len(catalog.requests) == 1 or form.is_attached)


async def test_a_retry_after_a_lost_answer_returns_the_same_request() -> None:
    """The answer is lost after the bank stored the request: Enviar again sends the same
    key and gets the same request back, never a second one."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        catalog = await open_catalog(pilot, app, "pc-tab-investments")
        form = await open_form(pilot, catalog, "inversion-dpf")
        backend = app.backend
        real = backend.request_product
        keys: list[str | None] = []
        disabled: list[bool] = []

        async def lost_once(product_id: str, **kwargs: object) -> ProductRequest:
            keys.append(kwargs.get("idempotency_key"))  # type: ignore[arg-type]
            disabled.append(form.query_one("#pr-send").disabled)
            done = await real(product_id, **kwargs)  # type: ignore[arg-type]
            if len(keys) == 1:
                raise BackendUnavailable()
            return done

        backend.request_product = lost_once  # type: ignore[method-assign]
        await type_into(pilot, "#pr-amount", "10000")
        await type_into(pilot, "#pr-term", "365")
        await type_into(pilot, "#pr-phone", PHONE)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProductConfirmDialog))
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "no se registrará dos veces" in shown(app, "#pr-form-error")
        )
        assert form.request is None
        assert len(stored_requests(app)) == 1
        await press_button(pilot, "#pr-send")
        await wait_until(pilot, lambda: isinstance(app.screen, ProductConfirmDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: form.request is not None)
        assert keys[0] is not None
        assert keys == [keys[0], keys[0]]
        assert disabled == [True, True]  # Enviar disabled while the bank answered
        assert form.request.reference == "SOL-1001"
        assert [r[:4] for r in stored_requests(app)] == [
            ("SOL-1001", "inversion-dpf", 1000000, 365)
        ]
        assert sum(s == "Solicitud SOL-1001 recibida" for s, _ in await emails(app)) == 1


async def test_bad_inputs_are_told_next_to_their_fields_and_nothing_is_requested() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        catalog = await open_catalog(pilot, app, "pc-tab-credits")
        form = await open_form(pilot, catalog, "credito-consumo")
        await type_into(pilot, "#pr-amount", "40000")
        # Above the maximum is told as typed (more digits cannot fix it) …
        await wait_until(
            pilot, lambda: error_of(form, "amount") == "El monto máximo es $30,000.00."
        )
        await type_into(pilot, "#pr-term", "2")
        assert error_of(form, "term") == ""  # … below the minimum waits for Enviar
        await type_into(pilot, "#pr-comment", "x" * 501)
        await wait_until(pilot, lambda: error_of(form, "comment") != "")
        await type_into(pilot, "#pr-phone", "12345")
        await press_button(pilot, "#pr-send")
        await wait_until(pilot, lambda: error_of(form, "term") != "")
        assert error_of(form, "amount") == "El monto máximo es $30,000.00."
        assert error_of(form, "term") == "El plazo debe ser de 3 a 60 meses."
        assert error_of(form, "comment") == "Máximo 500 caracteres (tienes 501)"
        assert error_of(form, "contact_phone") == (
            "El número de celular debe tener 10 dígitos y empezar con 09"
        )
        assert form.query_one("#pr-amount").has_focus  # the first to fix
        # What was typed stays as typed
        assert form.query_one("#pr-amount", Input).value == "40000"
        assert form.query_one("#pr-phone", Input).value == "12345"

        await type_into(pilot, "#pr-amount", "100")
        await type_into(pilot, "#pr-term", "abc")
        await wait_until(pilot, lambda: "solo con números" in error_of(form, "term"))
        await press_button(pilot, "#pr-send")
        await wait_until(pilot, lambda: error_of(form, "amount") == "El monto mínimo es $500.00.")
        assert error_of(form, "term") == "Ingresa el plazo en meses, solo con números."
        await type_into(pilot, "#pr-amount", "12.345")
        await press_button(pilot, "#pr-send")
        await wait_until(pilot, lambda: "decimales" in error_of(form, "amount"))
        assert not isinstance(app.screen, ProductConfirmDialog)
        assert stored_requests(app) == []

        # The bank's own refusal lands under the field it names.
        async def refused(product_id: str, **kwargs: object) -> ProductRequest:
            raise InvalidInput("term", "Ese plazo ya no está disponible.")

        app.backend.request_product = refused  # type: ignore[method-assign]
        await type_into(pilot, "#pr-amount", "2500")
        await type_into(pilot, "#pr-term", "24")
        await type_into(pilot, "#pr-comment", "")
        await type_into(pilot, "#pr-phone", PHONE)
        await press_button(pilot, "#pr-send")
        await wait_until(pilot, lambda: isinstance(app.screen, ProductConfirmDialog))
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: error_of(form, "term") == "Ese plazo ya no está disponible."
        )
        assert error_of(form, "amount") == ""
        assert form.request is None
        assert not form.query_one("#pr-send").disabled  # free to send again
        assert stored_requests(app) == []


async def test_a_product_without_amount_or_plazo_asks_only_comment_and_phone() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        catalog = await open_catalog(pilot, app, "pc-tab-savings")
        assert catalog.query_one("#pc-simulate").display is False
        assert not catalog.check_action("simulate", ())
        form = await open_form(pilot, catalog, "ahorro-futuro")
        assert not form.query("#pr-amount")
        assert not form.query("#pr-term")
        await wait_until(pilot, lambda: form.query_one("#pr-comment").has_focus)
        await type_into(pilot, "#pr-phone", PHONE)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProductConfirmDialog))
        assert confirm_lines(app) == {"Producto": "Ahorro Futuro", "Teléfono de contacto": PHONE}
        await pilot.press("escape")  # Cancelar: nothing is asked for
        await wait_until(pilot, lambda: app.screen is form and not form.sending)
        assert stored_requests(app) == []
        # Back where Enter was pressed: another Enter asks again, never Cancelar
        await wait_until(pilot, lambda: form.query_one("#pr-phone").has_focus)
        await press_button(pilot, "#pr-send")
        await wait_until(pilot, lambda: isinstance(app.screen, ProductConfirmDialog))
        await pilot.press("enter")
        await wait_until(pilot, lambda: form.request is not None)
        assert [r[:4] for r in stored_requests(app)] == [("SOL-1001", "ahorro-futuro", None, None)]
        await pilot.press("escape")  # Cerrar
        await wait_until(pilot, lambda: app.screen is catalog)
        await pilot.press("f4")
        requests = catalog.query_one("#pc-requests-table", DataTable)
        await wait_until(pilot, lambda: requests.row_count == 1 and requests.display)


async def test_deposit_simulator_quotes_the_manuals_deposit_and_requests_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        catalog = await open_catalog(pilot, app, "pc-tab-investments")
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, DepositSimulatorScreen))
        simulator = app.screen
        assert isinstance(simulator, DepositSimulatorScreen)
        await wait_until(pilot, lambda: simulator.query_one("#ds-amount").has_focus)
        await type_text(pilot, "10,000.00")
        await pilot.press("tab")
        await type_text(pilot, "365")
        await pilot.press("f3")
        await wait_until(pilot, lambda: simulator.simulation is not None)
        # By hand: 10,000 × 0.079 × 365 / 360 = 800.9722… → $800.97
        by_hand = Fraction(10000) * Fraction("0.079") * 365 / 360
        assert round(by_hand, 2) == Fraction("800.97")
        result = visible_text(simulator.query_one("#ds-result"))
        for figure in ("$10,000.00", "365 días", "7.90% anual", "18/12/2024", "18/12/2025"):
            assert figure in result
        assert "$800.97" in result
        assert "$10,800.97" in result
        assert simulator.simulation.interest == Decimal("800.97")
        # A plazo in another tier quotes that tier's rate
        await type_into(pilot, "#ds-term", "90")
        await wait_until(pilot, lambda: simulator.has_class("-stale"))
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "5.75% anual" in visible_text(simulator.query_one("#ds-result"))
        )
        assert not simulator.has_class("-stale")
        # Out of range: the bank's words, next to the field
        await type_into(pilot, "#ds-term", "20")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: error_of(simulator, "term") == "El plazo debe ser de 31 a 1080 días."
        )

        await type_into(pilot, "#ds-term", "365")
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, ProductRequestScreen))
        form = app.screen
        assert form.query_one("#pr-amount", Input).value == "10,000.00"
        assert form.query_one("#pr-term", Input).value == "365"
        await type_into(pilot, "#pr-phone", PHONE)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProductConfirmDialog))
        assert confirm_lines(app)["Plazo"] == "365 días"
        await pilot.press("enter")
        await wait_until(pilot, lambda: form.request is not None)
        assert [r[:4] for r in stored_requests(app)] == [
            ("SOL-1001", "inversion-dpf", 1000000, 365)
        ]
        assert catalog.is_attached


async def test_credit_simulator_refuses_what_the_bank_would_and_exports_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        catalog = await open_catalog(pilot, app, "pc-tab-credits")
        table = catalog.query_one("#pc-table", DataTable)
        table.move_cursor(row=table.get_row_index("microcredito"))
        await wait_until(pilot, lambda: catalog.current().id == "microcredito")
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, CreditSimulatorScreen))
        simulator = app.screen
        assert isinstance(simulator, CreditSimulatorScreen)
        await wait_until(pilot, lambda: simulator.query_one("#cs-amount").has_focus)
        await type_text(pilot, "100")
        await pilot.press("tab")
        await type_text(pilot, "49")
        await wait_until(
            pilot, lambda: error_of(simulator, "term") == "El plazo debe ser de 3 a 48 meses."
        )
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: error_of(simulator, "amount") == "El monto mínimo es $300.00."
        )
        assert simulator.query_one("#cs-amount").has_focus
        assert simulator.simulation is None
        assert not simulator.query_one("#cs-table").display
        assert not simulator.check_action("export", ())
        # Fixed, at 80 columns the figures are brought into view with the table focused
        await type_into(pilot, "#cs-amount", "1000")
        await type_into(pilot, "#cs-term", "12")
        await pilot.press("f3")
        cuotas = simulator.query_one("#cs-table", DataTable)
        await wait_until(pilot, lambda: cuotas.row_count == 12 and cuotas.has_focus)
        assert error_of(simulator, "amount") == ""
        summary = simulator.query_one("#cs-summary")
        await wait_until(pilot, lambda: "20.50% anual" in visible_text(summary))  # scrolled in
        assert simulator.simulation is not None
        assert sum(r.capital for r in simulator.simulation.rows) == Decimal("1000.00")
        await type_into(pilot, "#cs-term", "6")
        await wait_until(pilot, lambda: simulator.has_class("-stale"))
        assert simulator.query_one("#cs-stale").display
        assert stored_requests(app) == []


async def test_a_pasted_plazo_of_thousands_of_digits_is_refused_in_spanish() -> None:
    """Python's int() refuses more than 4300 digits: the field must say so, not crash."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        catalog = await open_catalog(pilot, app, "pc-tab-credits")
        await wait_until(pilot, lambda: catalog.current().id == "credito-consumo")
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, CreditSimulatorScreen))
        simulator = app.screen
        await type_into(pilot, "#cs-amount", "5000")
        simulator.query_one("#cs-term", Input).value = "9" * 5000  # a paste
        await wait_until(
            pilot, lambda: error_of(simulator, "term") == "El plazo debe ser de 3 a 60 meses."
        )
        await pilot.press("f3")
        await wait_until(pilot, lambda: simulator.query_one("#cs-term").has_focus)
        assert simulator.query_one("#cs-term", Input).value == "9" * 5000  # nothing cut
        assert isinstance(app.screen, CreditSimulatorScreen)


async def test_figures_dimmed_by_a_change_stay_dimmed_when_the_terminal_is_resized() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        catalog = await open_catalog(pilot, app, "pc-tab-investments")
        await wait_until(pilot, lambda: catalog.current().id == "inversion-dpf")
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, DepositSimulatorScreen))
        simulator = app.screen
        assert isinstance(simulator, DepositSimulatorScreen)
        await type_into(pilot, "#ds-amount", "10000")
        await type_into(pilot, "#ds-term", "365")
        await pilot.press("enter")
        await wait_until(pilot, lambda: simulator.simulation is not None)
        await type_into(pilot, "#ds-term", "720")
        await wait_until(pilot, lambda: simulator.has_class("-stale"))
        await pilot.resize_terminal(100, 40)
        await wait_until(pilot, lambda: simulator.size.width == 100)
        await pilot.pause()
        assert simulator.has_class("-stale")
        assert simulator.query_one("#ds-stale").display
        assert simulator.query_one("#ds-term").has_focus  # typing goes on where it was
        assert "$800.97" in visible_text(simulator.query_one("#ds-result"))
