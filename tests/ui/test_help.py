"""Ayuda on every screen (`?`) and the Guía de teclas, derived from the bindings."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Footer, Input

from cooptui.app import HELP_COMMAND, KEY_GUIDE_COMMAND, CoopApp
from cooptui.screens.frame import BankScreen
from cooptui.screens.help_dialog import HelpDialog
from cooptui.screens.help_texts import HELP, SCREEN_NAMES
from cooptui.screens.key_guide import KeyGuideScreen, app_classes, guide_sections
from cooptui.screens.login import LoginScreen
from cooptui.screens.menu import ITEMS
from cooptui.screens.movements import MovementsScreen
from cooptui.screens.service_payment import ServicePaymentScreen
from cooptui.screens.summary import SummaryScreen
from cooptui.widgets.confirm_dialog import ConfirmDialog
from cooptui.widgets.order_form import OrderForm
from cooptui.widgets.spanish import key_name
from tests.ui.helpers import (
    available,
    make_app,
    press_button,
    sign_in,
    text_of,
    visible_text,
    wait_until,
)


def footer_descriptions(app: CoopApp) -> list[str]:
    """What the footer of the current screen offers now."""
    footer = app.screen.query_one(Footer)
    return [k.description for k in footer.query("FooterKey")]  # type: ignore[attr-defined]


async def read(pilot: Pilot, widget: Widget) -> str:
    """What the member reads of `widget`, scrolled into view first (a long help scrolls)."""
    widget.scroll_visible(animate=False, immediate=True)
    await pilot.pause()
    return visible_text(widget)


async def help_dialog(pilot: Pilot) -> HelpDialog:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, HelpDialog))
    dialog = app.screen
    assert isinstance(dialog, HelpDialog)
    await wait_until(pilot, lambda: dialog.query_one("#help-close").region.area > 0)
    return dialog


async def step_one(pilot: Pilot, dialog: HelpDialog) -> str:
    """The first step as shown: "Paso 1" and its text."""
    row = dialog.query(".help-step").first()
    return await read(pilot, row)


async def shown_keys(pilot: Pilot, dialog: HelpDialog) -> str:
    return await read(pilot, dialog.query_one("#help-keys"))


async def out_of_fields(pilot: Pilot) -> None:
    """A search box focused on arrival takes "?" (it is text there): Tab leaves it."""
    screen = pilot.app.screen
    await pilot.pause(0.1)  # screens focusing after their layout have done so
    for _ in range(5):
        if not isinstance(screen.focused, Input):
            return
        await pilot.press("tab")
    raise AssertionError(f"{type(screen).__name__}: Tab never leaves its fields")


async def run_palette_command(pilot: Pilot, name: str) -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: CommandPalette.is_open(app))
    await pilot.press(*name)
    await pilot.pause(0.3)  # the providers answer the search
    await pilot.press("enter")
    await wait_until(pilot, lambda: not CommandPalette.is_open(app))


# -- the texts ----------------------------------------------------------------------------------------
def test_every_menu_item_has_its_steps() -> None:
    for item_id, item in ITEMS.items():
        entry = HELP[item_id]
        assert entry.steps, item_id
        assert entry.title == item.label, (entry.title, item.label)
    for name, entry in HELP.items():
        assert entry.title, name
        assert all(step.strip() for step in entry.steps), name


def test_every_screen_and_form_has_steps_of_its_own() -> None:
    """A screen (not a dialog) or a form the member fills is never left with the general
    help: its class has an entry, or it is its menu item's screen."""
    classes = [c for c in app_classes() if issubclass(c, Screen)]
    bases = {base for c in classes for base in c.__mro__[1:]}
    for cls in classes:
        if cls in bases:
            continue
        if issubclass(cls, OrderForm) or not issubclass(cls, ModalScreen):
            menu_id = getattr(cls, "MENU_ID", "")
            assert cls.__name__ in HELP or menu_id in HELP, f"{cls.__name__}: no steps"


def test_key_names_are_written_as_the_app_writes_them() -> None:
    assert key_name("ctrl+q") == "Ctrl+Q"  # the palette's "Cerrar la aplicación (Ctrl+Q)"
    assert key_name("question_mark") == "?"
    assert key_name("escape") == "Esc"
    assert key_name("f5") == "F5"
    assert key_name("c") == "c"  # alone, a letter is typed as is
    assert key_name("shift+end") == "Mayús+Fin"
    assert key_name("pagedown") == "AvPág"


# -- Ayuda: `?` -------------------------------------------------------------------------------------------
async def test_the_help_key_on_every_menu_screen_shows_its_steps_and_its_keys() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        for item_id in ITEMS:
            app.open_section(item_id)
            await wait_until(
                pilot,
                lambda i=item_id: isinstance(app.screen, BankScreen) and i == app.screen.MENU_ID,
            )
            screen = app.screen
            await out_of_fields(pilot)
            focused = screen.focused
            await wait_until(pilot, lambda: "Ayuda" in footer_descriptions(app))
            offered = [d for d in footer_descriptions(app) if d]

            await pilot.press("?")
            dialog = await help_dialog(pilot)
            entry = HELP[item_id]
            assert f"Ayuda · {entry.title}" in visible_text(dialog.query_one("#help-title"))
            assert await step_one(pilot, dialog) == f"Paso 1 {entry.steps[0]}"
            keys = await shown_keys(pilot, dialog)
            for description in offered:  # every key the footer showed, and what it does
                assert description in keys, (item_id, description, keys)

            await pilot.press("escape")
            await wait_until(pilot, lambda s=screen: app.screen is s)
            assert screen.focused is focused, item_id  # the screen as it was


async def test_at_80_columns_every_menu_screen_shows_the_help_key_in_its_footer() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, app)
        for item_id in ITEMS:
            app.open_section(item_id)
            await wait_until(
                pilot,
                lambda i=item_id: isinstance(app.screen, BankScreen) and i == app.screen.MENU_ID,
            )
            await out_of_fields(pilot)
            footer = app.screen.query_one(Footer)
            await wait_until(pilot, lambda f=footer: "? Ayuda" in visible_text(f), timeout=3)


async def test_a_question_mark_typed_in_a_field_is_text_and_opens_nothing() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        app.open_section("movimientos")
        await wait_until(pilot, lambda: isinstance(app.screen, MovementsScreen))
        search = app.screen.query_one("#mv-search", Input)
        search.focus()
        await wait_until(pilot, lambda: search.has_focus)
        await wait_until(pilot, lambda: "Ayuda" not in footer_descriptions(app))
        await pilot.press("a", "?")
        await wait_until(pilot, lambda: search.value == "a?")
        await pilot.pause(0.1)
        assert isinstance(app.screen, MovementsScreen)
        # out of the field the key is offered again, and it helps
        app.screen.query_one("#mv-table", DataTable).focus()
        await wait_until(pilot, lambda: "Ayuda" in footer_descriptions(app))
        await pilot.press("?")
        dialog = await help_dialog(pilot)
        assert dialog.entry is HELP["movimientos"]
        assert "Exportar OFX" in await shown_keys(pilot, dialog)


async def test_help_at_login_and_from_the_palette_while_typing() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        login = app.screen
        username = login.query_one("#username", Input)
        await wait_until(pilot, lambda: username.has_focus)
        await pilot.press("?")
        await wait_until(pilot, lambda: username.value == "?")
        assert app.screen is login

        # the palette helps even from inside a field
        await run_palette_command(pilot, HELP_COMMAND)
        dialog = await help_dialog(pilot)
        assert dialog.entry is HELP["LoginScreen"]
        keys = await shown_keys(pilot, dialog)
        assert "F5 Regístrate" in keys
        assert "Ctrl+T Ver contraseña" in keys
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is login)
        assert username.has_focus
        assert username.value == "?"

        # on a button, "?" itself
        login.query_one("#login", Button).focus()
        await pilot.press("?")
        dialog = await help_dialog(pilot)
        assert await step_one(pilot, dialog) == f"Paso 1 {HELP['LoginScreen'].steps[0]}"


async def test_help_over_a_form_and_over_its_confirmation_moves_no_money() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        before = await available(app)
        app.open_section("servicios")
        await wait_until(pilot, lambda: app.screen.query_one("#sv-table", DataTable).row_count > 0)
        table = app.screen.query_one("#sv-table", DataTable)
        table.focus()
        await pilot.press("enter")  # Pagar
        await wait_until(pilot, lambda: isinstance(app.screen, ServicePaymentScreen))
        form = app.screen
        await wait_until(pilot, lambda: form.query_one("#sp-account").has_focus)

        # a modal form: its own steps and its own keys
        await pilot.press("?")
        dialog = await help_dialog(pilot)
        assert dialog.entry is HELP["ServicePaymentScreen"]
        keys = await shown_keys(pilot, dialog)
        assert "Esc Cancelar" in keys
        assert "F5 Actualizar" in keys
        assert "Menú" not in keys  # the screen under the form is not where the member is
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is form)

        # its confirmation has no entry: the form's steps, the confirmation's keys
        await wait_until(pilot, lambda: not form.query_one("#sp-continue", Button).disabled)
        await press_button(pilot, "#sp-continue")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        confirmation = app.screen
        await wait_until(pilot, lambda: confirmation.query_one("#confirm").has_focus)
        await pilot.press("?")
        dialog = await help_dialog(pilot)
        assert dialog.entry is HELP["ServicePaymentScreen"]
        assert "Esc Cancelar" in await shown_keys(pilot, dialog)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is confirmation)
        assert confirmation.query_one("#confirm").has_focus  # Enter would still confirm
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is form)
        assert await available(app) == before


# -- Guía de teclas ---------------------------------------------------------------------------------------
def section(app_class: type, title: str) -> list[tuple[str, str]]:
    [found] = [s for s in guide_sections(app_class) if s.title == title]
    return found.keys


def test_the_key_guide_is_read_from_the_bindings(monkeypatch: pytest.MonkeyPatch) -> None:
    summary = section(CoopApp, "Resumen de Productos")
    assert ("c", "Compartir cuenta") in summary
    assert ("F5, r", "Actualizar") in summary  # the frame's F5 and the screen's own r
    assert ("F1", "Menú") in summary
    assert ("?", "Ayuda") in section(CoopApp, "En toda la aplicación")
    # only where the screen can fetch again (BankScreen.check_action)
    assert ("F5", "Actualizar") not in section(CoopApp, "Simulador de crédito")

    added = Binding("ctrl+g", "share", "Compartir con Gabriel")
    monkeypatch.setattr(SummaryScreen, "BINDINGS", [*SummaryScreen.BINDINGS, added])
    assert ("Ctrl+G", "Compartir con Gabriel") in section(CoopApp, "Resumen de Productos")
    assert all(
        ("Ctrl+G", "Compartir con Gabriel") not in s.keys
        for s in guide_sections(CoopApp)
        if s.cls is not SummaryScreen
    )


def test_every_screen_in_the_key_guide_has_a_spanish_name_of_its_own() -> None:
    sections = guide_sections(CoopApp)
    titles = [s.title for s in sections]
    assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
    for s in sections:
        assert s.title != s.cls.__name__, f"{s.cls.__name__}: add it to help_texts"
    # and no name is left over from a screen that is gone
    names = {c.__name__ for c in app_classes()} | {"CoopApp"}
    assert set(SCREEN_NAMES) <= names, set(SCREEN_NAMES) - names


async def test_the_key_guide_opens_from_the_help_and_from_the_palette() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # before login, from the palette
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await run_palette_command(pilot, KEY_GUIDE_COMMAND)
        await wait_until(pilot, lambda: isinstance(app.screen, KeyGuideScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))

        await sign_in(pilot, app)
        summary = app.screen
        await pilot.press("?")
        await help_dialog(pilot)
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, KeyGuideScreen))
        guide = app.screen
        await wait_until(pilot, lambda: guide.query_one("#kg-body").has_focus)
        headings = [text_of(w) for w in guide.query(".kg-screen")]
        assert headings[0] == "En toda la aplicación"
        assert "Transferencias Cooprogreso" in headings
        # it opens at the screen the member came from, marked
        here = guide.query_one("#kg-current")
        assert text_of(here) == "Resumen de Productos  · estás aquí"
        await wait_until(pilot, lambda: visible_text(here) == "Resumen de Productos · estás aquí")
        keys = guide.query(".kg-keys")[headings.index(text_of(here))]
        assert "c Compartir cuenta" in visible_text(keys)
        assert "F5, r Actualizar" in visible_text(keys)
        await pilot.press("escape")  # back to the help it was opened from
        await wait_until(pilot, lambda: isinstance(app.screen, HelpDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is summary)

        # after login, from the palette too
        await run_palette_command(pilot, KEY_GUIDE_COMMAND)
        await wait_until(pilot, lambda: isinstance(app.screen, KeyGuideScreen))
