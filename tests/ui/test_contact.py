"""Contacto: the bank's channels, copied with one key, from the menu and before login."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from cooptui.app import CoopApp
from cooptui.backend.errors import BackendUnavailable
from cooptui.domain.catalog import ContactChannel
from cooptui.screens.contact import ContactScreen
from cooptui.screens.contact_dialog import ContactDialog
from cooptui.screens.login import LoginScreen
from cooptui.widgets.contact_list import ContactList
from tests.ui.helpers import make_app, press_button, shown, sign_in, visible_text, wait_until

AGENCY_ADDRESS = "Av. del Progreso Solidario N24-180 y calle de la Cooperación, Quito"
CALL_CENTER = "1700 555 010"


async def open_contact(pilot, app: CoopApp) -> ContactScreen:  # type: ignore[no-untyped-def]
    await sign_in(pilot, app)
    app.open_section("contacto")
    await wait_until(pilot, lambda: isinstance(app.screen, ContactScreen))
    screen = app.screen
    assert isinstance(screen, ContactScreen)
    options = screen.query_one("#contact-options", OptionList)
    await wait_until(pilot, lambda: options.option_count > 0 and options.has_focus)
    return screen


def copied(app: CoopApp) -> list[str]:
    return [n.message for n in app._notifications if n.title == "Copiado al portapapeles"]


async def test_the_highlighted_channel_is_copied_with_c_and_told() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_contact(pilot, app)
        contacts = screen.query_one(ContactList)
        assert contacts.current() is not None
        assert contacts.current().kind == "Call Center"  # type: ignore[union-attr]
        # Down past WhatsApp and Correo (the group headings are skipped) to the agency.
        await pilot.press("down", "down", "down")
        await wait_until(pilot, lambda: contacts.current().kind == "Agencia")  # type: ignore[union-attr]
        await pilot.press("c")
        await wait_until(pilot, lambda: app.clipboard == AGENCY_ADDRESS)
        assert copied(app) == [f"Agencia Matriz Quito: {AGENCY_ADDRESS}"]
        # Enter on a channel copies it too.
        await pilot.press("up", "up", "up", "enter")
        await wait_until(pilot, lambda: app.clipboard == CALL_CENTER)
        assert copied(app)[-1] == f"Call Center: {CALL_CENTER}"
        assert isinstance(app.screen, ContactScreen)  # copying leaves the member here


async def test_every_channel_is_grouped_by_kind_with_its_hours() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_contact(pilot, app)
        options = screen.query_one("#contact-options", OptionList)
        text = visible_text(options)
        for heading in ("Call Center", "WhatsApp", "Correo", "Agencia", "Tarjetas"):
            assert heading in text
        assert "atencion.socios@cooprogreso.example" in text
        assert "Horario: Las 24 horas, los 7 días de la semana" in text
        # The headings cannot be chosen: only the seven channels can.
        enabled = [options.get_option_at_index(i) for i in range(options.option_count)]
        assert sum(not option.disabled for option in enabled) == 7


async def test_the_channels_are_the_backends_shown_literally() -> None:
    app = make_app()
    theirs = [
        ContactChannel(kind="Agencia", label="Agencia Cuenca", value="Calle Larga 7-45, Cuenca"),
        ContactChannel(kind="Agencia", label="Agencia [b]Loja[/b]", value="Bolívar y Rocafuerte"),
        ContactChannel(kind="Call Center", label="Call Center", value="1800 222 333"),
    ]

    async def contact_channels() -> list[ContactChannel]:
        return theirs

    app.backend.contact_channels = contact_channels  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_contact(pilot, app)
        text = visible_text(screen.query_one("#contact-options"))
        assert "Calle Larga 7-45, Cuenca" in text
        assert "Agencia [b]Loja[/b]" in text  # a name is never read as markup
        assert "1800 222 333" in text
        assert CALL_CENTER not in text
        assert "WhatsApp" not in text
        # Grouped by kind, in the bank's order: both agencies under one heading.
        assert text.count("Agencia") == 3
        assert text.index("Agencia Cuenca") < text.index("Call Center")
        await pilot.press("c")
        await wait_until(pilot, lambda: app.clipboard == "Calle Larga 7-45, Cuenca")


async def test_a_failure_is_told_in_spanish_and_f5_tries_again() -> None:
    app = make_app()
    real = app.backend.contact_channels
    down = True

    async def contact_channels() -> list[ContactChannel]:
        if down:
            raise BackendUnavailable()
        return await real()

    app.backend.contact_channels = contact_channels  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        app.open_section("contacto")
        await wait_until(pilot, lambda: "F5" in shown(app, "#contact-status"))
        status = shown(app, "#contact-status")
        assert BackendUnavailable.default_message in status
        assert "Presiona F5 para volver a intentar." in status
        screen = app.screen
        assert not screen.query_one("#contact-options").display
        assert not screen.query_one(ContactList).check_action("copy", ())  # nothing to copy
        down = False
        await pilot.press("f5")
        options = screen.query_one("#contact-options", OptionList)
        await wait_until(pilot, lambda: options.display and options.option_count > 0)
        assert not screen.query_one("#contact-status").display
        assert CALL_CENTER in visible_text(options)


async def test_a_locked_out_member_reaches_the_call_center_from_the_login_screen() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        login = app.screen
        for answer in ("Te quedan 2 intentos", "Te queda 1 intento", "bloqueado"):
            login.query_one("#username", Input).value = "gsilva"
            field = login.query_one("#password", Input)
            field.value = "NoEsMiClave1"
            field.focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda answer=answer: answer in shown(app, "#login-error"))
        assert "Contacto (F4)" in shown(app, "#login-error")
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactDialog))
        dialog = app.screen
        options = dialog.query_one("#contact-options", OptionList)
        await wait_until(pilot, lambda: options.option_count > 0 and options.has_focus)
        await pilot.press("c")  # the Call Center comes first
        await wait_until(pilot, lambda: app.clipboard == CALL_CENTER)
        assert copied(app) == [f"Call Center: {CALL_CENTER}"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is login)
        assert app.session is None  # nobody signed in to see it
        assert login.query_one("#username", Input).value == "gsilva"  # nothing typed is lost
        assert "bloqueado" in shown(app, "#login-error")


async def test_the_login_link_opens_contacto_and_regresar_closes_it() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        login = app.screen
        await press_button(pilot, "#contact")
        await wait_until(pilot, lambda: isinstance(app.screen, ContactDialog))
        options = app.screen.query_one("#contact-options", OptionList)
        await wait_until(pilot, lambda: options.option_count > 0)
        assert "Accede a los distintos contactos que tendrás con Cooprogreso." in shown(
            app, "#cd-intro"
        )
        await press_button(pilot, "#cd-close")
        await wait_until(pilot, lambda: app.screen is login)
        assert app.session is None
