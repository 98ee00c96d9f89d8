"""Administración de Beneficiarios: search, create (with the SMS code), edit and delete."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Select

from cooptui.app import CoopApp
from cooptui.backend_stub.seed import DEMO_SAVINGS, cedula
from cooptui.domain.transfers import (
    COOPROGRESO_CODE,
    BankAccountType,
    Beneficiary,
    BeneficiaryService,
    IdType,
)
from cooptui.domain.validators import validate_cedula
from cooptui.screens.beneficiaries import DELETE_QUESTION, BeneficiariesScreen
from cooptui.screens.beneficiary_form import BeneficiaryFormScreen
from cooptui.widgets.ask_dialog import AskDialog
from cooptui.widgets.confirm_dialog import ConfirmDialog, SummaryRow
from cooptui.widgets.form_field import FormField
from cooptui.widgets.otp_dialog import OtpDialog
from cooptui.widgets.receipt_view import ReceiptView
from tests.ui.helpers import (
    confirm,
    latest_sms_code,
    make_app,
    shown,
    sign_in,
    sms_count,
    type_text,
    wait_until,
)

INTERNAL = [
    "Andrea Paredes Vega",
    "Carlos Eduardo Mendoza Lara",
    "Jorge Luis Andrade Pazmiño",
    "Lucía Valentina Herrera Castro",
]
INTERBANK = [
    "Diego Armando Castillo Vera",
    "Sofía Alejandra Benítez Ortiz",
    "Patricio Xavier Ramírez Salazar",
    "Verónica Isabel Guerrero Mejía",
]
NO_MATCH = "No encontramos beneficiarios con esos datos."
CHOOSE_A_SERVICE = "Selecciona un servicio para crear un Nuevo Beneficiario."
BAD_CEDULA = "El número de cédula no es válido"

MARIA = "María Fernanda Torres Ruiz"
MARIA_ACCOUNT = "410112088265"
MARIA_CEDULA = cedula("172233445")
MARIA_EMAIL = "maria.torres@correo.example"


def bad_check_digit(valid: str) -> str:
    return valid[:9] + str((int(valid[9]) + 1) % 10)


# -- helpers -------------------------------------------------------------------------------------


async def open_beneficiaries(pilot: Pilot, app: CoopApp) -> BeneficiariesScreen:
    await sign_in(pilot, app)
    app.open_section("beneficiarios")
    await wait_until(pilot, lambda: isinstance(app.screen, BeneficiariesScreen))
    screen = app.screen
    assert isinstance(screen, BeneficiariesScreen)
    await wait_until(pilot, lambda: table_of(screen).row_count == 8)
    return screen


def table_of(screen: BeneficiariesScreen) -> DataTable:
    return screen.query_one("#bn-table", DataTable)


def names_in(screen: BeneficiariesScreen) -> list[str]:
    table = table_of(screen)
    return [str(table.get_row_at(row)[1]) for row in range(table.row_count)]


def highlighted(screen: BeneficiariesScreen) -> Beneficiary | None:
    return screen.current()


def highlighted_name(screen: BeneficiariesScreen) -> str:
    b = screen.current()
    return b.name if b is not None else ""


async def bank_beneficiaries(app: CoopApp) -> list[Beneficiary]:
    return await app.backend.beneficiaries()


async def choose_service(pilot: Pilot, screen: BeneficiariesScreen, value: str, rows: int) -> None:
    screen.query_one("#bn-service", Select).value = value
    wanted = None if value == "all" else BeneficiaryService(value)

    def listed() -> bool:
        found = list(screen.found.values())
        return (
            table_of(screen).row_count == len(found) == rows
            and shown(screen.app, "#bn-status") != "Buscando…"
            and (wanted is None or all(b.service is wanted for b in found))
        )

    await wait_until(pilot, listed)


async def search(
    pilot: Pilot, screen: BeneficiariesScreen, *, name: str = "", ident: str = ""
) -> None:
    """Type the criteria and press Enter in the Nombre field, as a member would."""
    screen.query_one("#bn-name", Input).value = name
    screen.query_one("#bn-identification", Input).value = ident
    screen.query_one("#bn-name", Input).focus()
    await pilot.pause()
    await pilot.press("enter")


async def open_new_form(
    pilot: Pilot, app: CoopApp, screen: BeneficiariesScreen, service: str
) -> BeneficiaryFormScreen:
    rows = {"internal": 4, "interbank": 4}[service]
    await choose_service(pilot, screen, service, rows)
    await pilot.click("#bn-new")
    await wait_until(pilot, lambda: isinstance(app.screen, BeneficiaryFormScreen))
    form = app.screen
    assert isinstance(form, BeneficiaryFormScreen)
    # the institutions arrive from the bank
    await wait_until(
        pilot,
        lambda: form.query_one("#bf-institution", Select).prompt == "Selecciona la institución",
    )
    return form


def lines(app: CoopApp, selector: str) -> str:
    """A SummaryTable's rows as "label: value" lines ("" while it is not mounted yet)."""
    found = app.screen.query(selector)
    if not found:
        return ""
    rows = found.first().query(SummaryRow).results(SummaryRow)
    return "\n".join(f"{row.label}: {row.value}" for row in rows)


def field(form: BeneficiaryFormScreen, name: str) -> FormField:
    return form.query_one(f"#field-{name}", FormField)


def value_of(form: BeneficiaryFormScreen, selector: str) -> str:
    return form.query_one(selector, Input).value


def fill(form: BeneficiaryFormScreen, **values: str) -> None:
    for selector, value in values.items():
        form.query_one(f"#bf-{selector.replace('_', '-')}", Input).value = value


async def submit(pilot: Pilot, form: BeneficiaryFormScreen) -> None:
    """Enter in the Nombre field: the same as pressing Continuar / Guardar."""
    form.query_one("#bf-name", Input).focus()
    await pilot.pause()
    await pilot.press("enter")


async def authorize_with_sms(pilot: Pilot, app: CoopApp) -> ReceiptView:
    if isinstance(app.screen, ConfirmDialog):
        await confirm(pilot)
    await wait_until(pilot, lambda: isinstance(app.screen, OtpDialog))
    await wait_until(pilot, lambda: app.screen.query_one("#otp-code", Input).has_focus)
    await type_text(pilot, await latest_sms_code(app))
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ReceiptView))
    receipt = app.screen
    assert isinstance(receipt, ReceiptView)
    return receipt


# -- 1. the list and the search -------------------------------------------------------------------


async def test_the_list_opens_with_everyone_and_the_search_narrows_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_beneficiaries(pilot, app)
        assert sorted(names_in(screen)) == sorted(INTERNAL + INTERBANK)
        assert shown(app, "#bn-status") == "8 beneficiarios"
        assert shown(app, "#bn-error") == ""
        bank = await bank_beneficiaries(app)
        assert sorted(b.name for b in bank) == sorted(INTERNAL + INTERBANK)
        # the first row is highlighted and its details show under the table
        assert highlighted(screen) is not None
        assert screen.query_one("#bn-detail").display
        await wait_until(pilot, lambda: highlighted_name(screen) in lines(app, "#bn-detail-lines"))

        # Servicio
        await choose_service(pilot, screen, "internal", 4)
        assert sorted(names_in(screen)) == INTERNAL
        assert shown(app, "#bn-status") == "4 beneficiarios"
        await choose_service(pilot, screen, "interbank", 4)
        assert sorted(names_in(screen)) == sorted(INTERBANK)
        await choose_service(pilot, screen, "all", 8)

        # part of the name: no accents, any case
        await search(pilot, screen, name="ramirez")
        await wait_until(pilot, lambda: names_in(screen) == ["Patricio Xavier Ramírez Salazar"])
        assert shown(app, "#bn-status") == "1 beneficiario"
        assert highlighted_name(screen) == "Patricio Xavier Ramírez Salazar"
        await wait_until(pilot, lambda: "Banco de Loja" in lines(app, "#bn-detail-lines"))

        await search(pilot, screen, name="LUCIA")
        await wait_until(pilot, lambda: names_in(screen) == ["Lucía Valentina Herrera Castro"])

        await search(pilot, screen, name="  PAZMINO ")
        await wait_until(pilot, lambda: names_in(screen) == ["Jorge Luis Andrade Pazmiño"])

        # name and service together: "ía" is in Lucía, Sofía and Verónica …
        await search(pilot, screen, name="ía")
        await wait_until(pilot, lambda: table_of(screen).row_count == 3)
        assert sorted(names_in(screen)) == [INTERNAL[3], INTERBANK[1], INTERBANK[3]]
        # … only two of them at other banks
        await choose_service(pilot, screen, "interbank", 2)
        assert sorted(names_in(screen)) == [INTERBANK[1], INTERBANK[3]]
        await choose_service(pilot, screen, "all", 3)
        await search(pilot, screen)
        await wait_until(pilot, lambda: table_of(screen).row_count == 8)

        await search(pilot, screen, name="zzzz")
        await wait_until(pilot, lambda: shown(app, "#bn-status") == NO_MATCH)
        assert table_of(screen).row_count == 0
        assert not screen.query_one("#bn-detail").display

        # Identificación: the start of it
        diego = cedula("171852934")
        await search(pilot, screen, ident=diego[:5])
        await wait_until(pilot, lambda: names_in(screen) == ["Diego Armando Castillo Vera"])
        assert shown(app, "#bn-status") == "1 beneficiario"
        assert screen.query_one("#bn-detail").display

        # a wildcard typed in the name is just a character: nobody has it
        await search(pilot, screen, name="%")
        await wait_until(pilot, lambda: shown(app, "#bn-status") == NO_MATCH)

        await search(pilot, screen, ident="17")
        expected = sorted(b.name for b in bank if b.identification.startswith("17"))
        assert len(expected) >= 2
        await wait_until(pilot, lambda: sorted(names_in(screen)) == expected)

        # the middle of an identification is not its start: nobody
        await search(pilot, screen, ident=diego[3:8])
        await wait_until(pilot, lambda: shown(app, "#bn-status") == NO_MATCH)
        assert table_of(screen).row_count == 0

        # a search only reads: the bank still has all eight
        assert len(await bank_beneficiaries(app)) == 8


# -- 2. Nuevo Beneficiario needs a service --------------------------------------------------------


async def test_new_beneficiary_asks_for_a_service_first() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_beneficiaries(pilot, app)
        await pilot.click("#bn-new")
        await wait_until(pilot, lambda: shown(app, "#bn-service-error") == CHOOSE_A_SERVICE)
        await pilot.pause()
        assert app.screen is screen
        assert not any(isinstance(s, BeneficiaryFormScreen) for s in app.screen_stack)
        await wait_until(pilot, lambda: screen.query_one("#bn-service", Select).has_focus)

        # F2 refuses the same way
        screen.query_one("#bn-service-error", Label).update("")
        screen.query_one("#bn-name", Input).focus()
        await pilot.press("f2")
        await wait_until(pilot, lambda: shown(app, "#bn-service-error") == CHOOSE_A_SERVICE)
        assert app.screen is screen

        # choosing a service clears the message
        await choose_service(pilot, screen, "internal", 4)
        await wait_until(pilot, lambda: shown(app, "#bn-service-error") == "")
        assert len(await bank_beneficiaries(app)) == 8


# -- 3. an internal beneficiary ------------------------------------------------------------------


async def test_create_an_internal_beneficiary_with_the_sms_code() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_beneficiaries(pilot, app)
        assert validate_cedula(MARIA_CEDULA) is None
        form = await open_new_form(pilot, app, screen, "internal")
        assert "Transferencias Cooprogreso" in shown(app, "#bf-service")
        assert shown(app, "#bf-continue") == "Continuar"
        # within Cooprogreso the institution and the account type are fixed
        institution = form.query_one("#bf-institution", Select)
        await wait_until(pilot, lambda: institution.value == COOPROGRESO_CODE)
        assert institution.disabled
        assert form.query_one("#bf-account-type", Select).disabled
        assert form.query_one("#bf-account-type", Select).value == BankAccountType.SAVINGS.value

        # the account number has the focus and takes digits only
        account = form.query_one("#bf-account-number", Input)
        await wait_until(pilot, lambda: account.has_focus)
        await type_text(pilot, "4101-1208 8265")
        assert account.value == MARIA_ACCOUNT
        fill(form, name=MARIA, identification=MARIA_CEDULA, email=MARIA_EMAIL)
        sms_before = await sms_count(app)
        await submit(pilot, form)

        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        confirmation = app.screen
        assert shown(app, "#confirm-title") == "Nuevo beneficiario"
        await wait_until(pilot, lambda: MARIA in lines(app, "#summary"))
        assert await sms_count(app) == sms_before + 1
        # nothing is registered until the code is confirmed
        assert MARIA not in [b.name for b in await bank_beneficiaries(app)]

        receipt = await authorize_with_sms(pilot, app)
        assert confirmation not in app.screen_stack
        assert shown(app, "#receipt-message") == "El beneficiario quedó registrado."
        await wait_until(pilot, lambda: MARIA in lines(app, "#receipt-lines"))
        await pilot.click("#receipt-close")
        await wait_until(pilot, lambda: app.screen is screen)
        assert receipt not in app.screen_stack

        # back on the list (still Transferencias Cooprogreso) with her row highlighted
        await wait_until(pilot, lambda: table_of(screen).row_count == 5)
        await wait_until(pilot, lambda: highlighted_name(screen) == MARIA)
        assert sorted(names_in(screen)) == sorted([*INTERNAL, MARIA])
        await wait_until(pilot, lambda: MARIA in lines(app, "#bn-detail-lines"))
        await wait_until(pilot, lambda: "Ahorros" in lines(app, "#bn-detail-lines"))
        await wait_until(pilot, lambda: MARIA_EMAIL in lines(app, "#bn-detail-lines"))

        bank = await bank_beneficiaries(app)
        assert len(bank) == 9
        [maria] = [b for b in bank if b.name == MARIA]
        assert maria.service is BeneficiaryService.INTERNAL
        assert maria.institution_code == COOPROGRESO_CODE
        assert maria.account_type is BankAccountType.SAVINGS
        assert maria.account_number == MARIA_ACCOUNT
        assert maria.id_type is IdType.CEDULA
        assert maria.identification == MARIA_CEDULA
        assert maria.email == MARIA_EMAIL
        assert maria.alias is None
        assert highlighted(screen) == maria


# -- 4. an interbank beneficiary -----------------------------------------------------------------


async def test_create_an_interbank_beneficiary_with_the_sms_code() -> None:
    name = "Ana Gabriela Cevallos Mora"
    ident = cedula("170011223")
    number = "0021457789"
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_beneficiaries(pilot, app)
        form = await open_new_form(pilot, app, screen, "interbank")
        assert "Transferencias Interbancarias" in shown(app, "#bf-service")
        institution = form.query_one("#bf-institution", Select)
        await wait_until(pilot, lambda: institution.has_focus)
        assert not institution.disabled
        assert institution.is_blank()

        # no institution chosen yet: the form says so and sends nothing
        fill(form, account_number=number, name=name, identification=ident)
        sms_before = await sms_count(app)
        await submit(pilot, form)
        await wait_until(
            pilot,
            lambda: (
                field(form, "institution_code").error == "Selecciona la institución financiera."
            ),
        )
        assert app.screen is form

        institution.value = "PRODUBANCO"
        form.query_one("#bf-account-type", Select).value = BankAccountType.CHECKING.value
        await pilot.pause()
        await submit(pilot, form)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert field(form, "institution_code").error == ""
        await wait_until(pilot, lambda: "Produbanco" in lines(app, "#summary"))
        assert await sms_count(app) == sms_before + 1

        await authorize_with_sms(pilot, app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: table_of(screen).row_count == 5)
        await wait_until(pilot, lambda: highlighted_name(screen) == name)
        assert sorted(names_in(screen)) == sorted([*INTERBANK, name])
        await wait_until(pilot, lambda: "Produbanco" in lines(app, "#bn-detail-lines"))
        await wait_until(pilot, lambda: "Corriente" in lines(app, "#bn-detail-lines"))

        # it appears in the search too
        await search(pilot, screen, name="cevallos")
        await wait_until(pilot, lambda: names_in(screen) == [name])

        bank = await bank_beneficiaries(app)
        assert len(bank) == 9
        [new] = [b for b in bank if b.name == name]
        assert new.service is BeneficiaryService.INTERBANK
        assert new.institution_code == "PRODUBANCO"
        assert new.account_type is BankAccountType.CHECKING
        assert new.account_number == number
        assert new.identification == ident
        assert new.email is None
        assert [b.name for b in await app.backend.beneficiaries(BeneficiaryService.INTERNAL)] == (
            INTERNAL
        )


# -- 5. refusals before any SMS ------------------------------------------------------------------


async def test_the_form_refuses_bad_data_before_any_sms_and_keeps_what_was_typed() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_beneficiaries(pilot, app)
        andrea = next(b for b in await bank_beneficiaries(app) if b.name == INTERNAL[0])
        form = await open_new_form(pilot, app, screen, "internal")
        await wait_until(
            pilot, lambda: form.query_one("#bf-institution", Select).value == COOPROGRESO_CODE
        )
        sms_before = await sms_count(app)

        def typed() -> tuple[str, str, str, str]:
            return (
                value_of(form, "#bf-account-number"),
                value_of(form, "#bf-name"),
                value_of(form, "#bf-identification"),
                value_of(form, "#bf-email"),
            )

        async def refused(where: str, message: str, values: tuple[str, str, str, str]) -> None:
            await submit(pilot, form)
            await wait_until(pilot, lambda: field(form, where).error == message)
            await pilot.pause()
            assert app.screen is form
            assert typed() == values
            assert field(form, where).control.has_class("-invalid")
            others = [n for n in form.fields() if n != where]
            assert all(field(form, n).error == "" for n in others)

        # a cédula with a wrong check digit
        wrong = bad_check_digit(MARIA_CEDULA)
        values = (MARIA_ACCOUNT, MARIA, wrong, MARIA_EMAIL)
        fill(form, account_number=values[0], name=values[1], identification=wrong, email=values[3])
        await refused("identification", BAD_CEDULA, values)
        await wait_until(pilot, lambda: form.query_one("#bf-identification", Input).has_focus)

        # correcting the field takes its message away
        await pilot.press("backspace")
        await wait_until(pilot, lambda: field(form, "identification").error == "")
        fill(form, identification=MARIA_CEDULA)

        # an account number that is too short
        fill(form, account_number="41011")
        values = ("41011", MARIA, MARIA_CEDULA, MARIA_EMAIL)
        await refused(
            "account_number", "El número de cuenta debe tener entre 6 y 20 dígitos", values
        )

        # an e-mail without its @
        fill(form, account_number=MARIA_ACCOUNT, email="maria.torres.correo.example")
        values = (MARIA_ACCOUNT, MARIA, MARIA_CEDULA, "maria.torres.correo.example")
        await refused("email", "Ingresa un correo electrónico válido", values)
        fill(form, email=MARIA_EMAIL)

        # the bank: the member's own account …
        fill(form, account_number=DEMO_SAVINGS)
        values = (DEMO_SAVINGS, MARIA, MARIA_CEDULA, MARIA_EMAIL)
        await refused(
            "account_number", "No puedes registrar tu propia cuenta como beneficiario.", values
        )

        # … an account that is not a Cooprogreso savings account …
        fill(form, account_number="410199999999")
        values = ("410199999999", MARIA, MARIA_CEDULA, MARIA_EMAIL)
        await refused(
            "account_number", "No existe una cuenta de ahorros Cooprogreso con ese número.", values
        )

        # … and an account registered already (Andrea's)
        fill(form, account_number=andrea.account_number)
        values = (andrea.account_number, MARIA, MARIA_CEDULA, MARIA_EMAIL)
        await refused(
            "account_number", "Ya tienes registrado un beneficiario con esa cuenta.", values
        )
        assert form.query_one("#bf-continue").disabled is False

        # no code was ever sent, no dialog opened, nothing registered
        assert await sms_count(app) == sms_before
        assert not any(isinstance(s, ConfirmDialog | OtpDialog) for s in app.screen_stack)
        bank = await bank_beneficiaries(app)
        assert len(bank) == 8
        assert [b.name for b in bank if b.account_number == andrea.account_number] == [andrea.name]

        # Cancelar: back on the list, still eight
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert table_of(screen).row_count == 4
        assert len(await bank_beneficiaries(app)) == 8


async def test_text_longer_than_the_bank_takes_is_kept_and_the_limit_said_as_typed() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_beneficiaries(pilot, app)
        form = await open_new_form(pilot, app, screen, "internal")
        await wait_until(
            pilot, lambda: form.query_one("#bf-institution", Select).value == COOPROGRESO_CODE
        )
        sms_before = await sms_count(app)
        long_name = "María Fernanda de los Ángeles Torres Ruiz de la Concepción y Montúfar "  # 70
        fill(
            form,
            account_number=MARIA_ACCOUNT,
            name=long_name,
            identification=MARIA_CEDULA,
            email=MARIA_EMAIL,
        )
        name = form.query_one("#bf-name", Input)
        name.focus()
        await pilot.press("end")
        await type_text(pilot, "Saavedra Ruiz")  # 83 in all
        await wait_until(
            pilot, lambda: field(form, "name").error == "Máximo 80 caracteres (tienes 83)"
        )
        assert name.value == long_name + "Saavedra Ruiz"  # nothing typed was dropped

        alias = form.query_one("#bf-alias", Input)
        alias.value = "Prima María de la casa de los abuelos "  # 38
        alias.focus()
        await pilot.press("end")
        await type_text(pilot, "Quito")
        await wait_until(
            pilot, lambda: field(form, "alias").error == "Máximo 40 caracteres (tienes 43)"
        )
        assert alias.value.endswith("abuelos Quito")

        # Too many digits in the account number: kept and told, not cut at 20.
        number = form.query_one("#bf-account-number", Input)
        number.focus()
        await pilot.press("end")
        await type_text(pilot, "123456789")  # 21 digits
        await wait_until(
            pilot,
            lambda: (
                field(form, "account_number").error
                == "El número de cuenta debe tener entre 6 y 20 dígitos"
            ),
        )
        assert number.value == MARIA_ACCOUNT + "123456789"
        await pilot.press(*["backspace"] * 9)
        await wait_until(pilot, lambda: field(form, "account_number").error == "")

        # Continuar refuses both long texts; no code is sent.
        await submit(pilot, form)
        await wait_until(pilot, lambda: name.has_focus)
        assert field(form, "name").error == "Máximo 80 caracteres (tienes 83)"
        assert field(form, "alias").error == "Máximo 40 caracteres (tienes 43)"
        assert app.screen is form
        assert await sms_count(app) == sms_before


# -- 6. Editar -----------------------------------------------------------------------------------


async def test_edit_changes_the_holder_data_and_refuses_a_bad_identification() -> None:
    new_name = "Sofía A. Benítez de Ortiz"
    new_email = "sofia.ortiz@correo.example"
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_beneficiaries(pilot, app)
        before = {b.id: b for b in await bank_beneficiaries(app)}
        [sofia] = [b for b in before.values() if b.name == "Sofía Alejandra Benítez Ortiz"]
        table = table_of(screen)
        table.move_cursor(row=table.get_row_index(str(sofia.id)))
        await wait_until(pilot, lambda: highlighted(screen) == sofia)
        assert sofia.email is not None
        email = sofia.email
        await wait_until(pilot, lambda: email in lines(app, "#bn-detail-lines"))

        await pilot.pause()  # the detail panel settles before the click

        await pilot.click("#bn-edit")
        await wait_until(pilot, lambda: isinstance(app.screen, BeneficiaryFormScreen))
        form = app.screen
        assert isinstance(form, BeneficiaryFormScreen)
        assert shown(app, "#bf-title") == "Editar beneficiario"
        assert shown(app, "#bf-continue") == "Guardar"
        # the account cannot be changed, only shown
        assert not form.query("#bf-account-number")
        assert "Banco Guayaquil" in shown(app, "#bf-account")
        assert value_of(form, "#bf-name") == sofia.name
        assert value_of(form, "#bf-identification") == sofia.identification
        assert value_of(form, "#bf-email") == sofia.email

        fill(form, name=new_name, email=new_email)
        sms_before = await sms_count(app)
        await submit(pilot, form)
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: new_name in names_in(screen))
        await wait_until(pilot, lambda: highlighted_name(screen) == new_name)
        assert "Sofía Alejandra Benítez Ortiz" not in names_in(screen)
        await wait_until(pilot, lambda: new_email in lines(app, "#bn-detail-lines"))
        assert table.row_count == 8
        assert await sms_count(app) == sms_before  # editing needs no code

        after = {b.id: b for b in await bank_beneficiaries(app)}
        edited = after[sofia.id]
        assert edited.name == new_name
        assert edited.email == new_email
        assert edited.identification == sofia.identification
        assert (edited.institution_code, edited.account_type, edited.account_number) == (
            sofia.institution_code,
            sofia.account_type,
            sofia.account_number,
        )
        assert {k: v for k, v in after.items() if k != sofia.id} == {
            k: v for k, v in before.items() if k != sofia.id
        }

        # an invalid identification: the message, and nothing saved
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, BeneficiaryFormScreen))
        form = app.screen
        assert isinstance(form, BeneficiaryFormScreen)
        assert value_of(form, "#bf-name") == new_name
        wrong = bad_check_digit(sofia.identification)
        fill(form, name="Otro Nombre", identification=wrong)
        await submit(pilot, form)
        await wait_until(pilot, lambda: field(form, "identification").error == BAD_CEDULA)
        await pilot.pause()
        assert app.screen is form
        assert value_of(form, "#bf-name") == "Otro Nombre"
        assert value_of(form, "#bf-identification") == wrong
        assert {b.id: b for b in await bank_beneficiaries(app)} == after

        await pilot.click("#bf-cancel")
        await wait_until(pilot, lambda: app.screen is screen)
        assert {b.id: b for b in await bank_beneficiaries(app)} == after
        assert new_name in names_in(screen)
        assert "Otro Nombre" not in names_in(screen)


# -- 7. Eliminar ---------------------------------------------------------------------------------


async def test_delete_asks_first_and_cancel_keeps_the_beneficiary() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_beneficiaries(pilot, app)
        [jorge] = [b for b in await bank_beneficiaries(app) if b.name == INTERNAL[2]]
        table = table_of(screen)
        table.move_cursor(row=table.get_row_index(str(jorge.id)))
        await wait_until(pilot, lambda: highlighted(screen) == jorge)

        await pilot.pause()  # the detail panel settles before the click

        await pilot.click("#bn-delete")
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        assert shown(app, "#ask-question") == DELETE_QUESTION
        assert jorge.name in shown(app, "#ask-detail")
        assert jorge.account_number[-4:] in shown(app, "#ask-detail")
        await wait_until(pilot, lambda: app.screen.query_one("#ask-cancel").has_focus)

        await pilot.click("#ask-cancel")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert table.row_count == 8
        assert jorge.name in names_in(screen)
        assert jorge in await bank_beneficiaries(app)

        # again (with F8), and Aceptar this time
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.click("#ask-accept")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: table.row_count == 7)
        assert jorge.name not in names_in(screen)
        assert shown(app, "#bn-status") == "7 beneficiarios"
        await wait_until(
            pilot,
            lambda: any(
                f"Eliminaste al beneficiario {jorge.name}." in n.message for n in app._notifications
            ),
        )
        bank = await bank_beneficiaries(app)
        assert len(bank) == 7
        assert jorge.id not in [b.id for b in bank]
        assert sorted(b.name for b in bank) == sorted(
            [n for n in INTERNAL if n != jorge.name] + INTERBANK
        )


# -- 8. cancelling the code -----------------------------------------------------------------------


async def test_cancelling_the_code_keeps_the_form_and_creates_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_beneficiaries(pilot, app)
        form = await open_new_form(pilot, app, screen, "internal")
        await wait_until(
            pilot, lambda: form.query_one("#bf-institution", Select).value == COOPROGRESO_CODE
        )
        fill(
            form,
            account_number=MARIA_ACCOUNT,
            name=MARIA,
            identification=MARIA_CEDULA,
            email=MARIA_EMAIL,
            alias="Mafer",
        )
        sms_before = await sms_count(app)
        await submit(pilot, form)
        await confirm(pilot)
        assert await sms_count(app) == sms_before + 1

        await pilot.click("#otp-cancel")
        await wait_until(pilot, lambda: app.screen is form)
        await pilot.pause()
        assert value_of(form, "#bf-account-number") == MARIA_ACCOUNT
        assert value_of(form, "#bf-name") == MARIA
        assert value_of(form, "#bf-identification") == MARIA_CEDULA
        assert value_of(form, "#bf-email") == MARIA_EMAIL
        assert value_of(form, "#bf-alias") == "Mafer"
        assert all(field(form, n).error == "" for n in form.fields())
        assert not form.query_one("#bf-continue").disabled
        bank = await bank_beneficiaries(app)
        assert len(bank) == 8
        assert MARIA_ACCOUNT not in [b.account_number for b in bank]

        # the kept form still works: a new code, and she is registered once
        await submit(pilot, form)
        await authorize_with_sms(pilot, app)
        assert await sms_count(app) == sms_before + 2
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: highlighted_name(screen) == MARIA)
        bank = await bank_beneficiaries(app)
        assert [b.alias for b in bank if b.account_number == MARIA_ACCOUNT] == ["Mafer"]
        assert len(bank) == 9
