"""Spanish everywhere: Textual's own strings the app shows, and one word per action."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections import defaultdict
from collections.abc import Iterator

from textual.app import App
from textual.binding import Binding
from textual.command import CommandInput, CommandList, CommandPalette
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Select

import cooptui.screens
import cooptui.widgets
from cooptui.app import DEMO_JUMPS, HELP_COMMAND, KEY_GUIDE_COMMAND, CoopApp
from cooptui.screens.login import LoginScreen
from cooptui.screens.menu import ITEMS
from cooptui.widgets import spanish
from tests.ui.helpers import make_app, sign_in, wait_until

ENGLISH = re.compile(
    r"\b(the|search|for|commands?|matches|found|keys?|quit|theme|screenshot|maximi[sz]e|"
    r"minimi[sz]e|dismiss|menu|exit|palette|show|change|save|focus|copy|help|press|"
    r"want|next|previous|toggle|select)\b",
    re.IGNORECASE,
)
SYNONYMS = {"Volver": spanish.BACK, "Atrás": spanish.BACK, "Descargar": spanish.EXPORT}
DEMO_COMMANDS = {"Buzón de demostración"} | {f"Adelantar el reloj {j}" for j, _ in DEMO_JUMPS}
HELP_COMMANDS = {HELP_COMMAND, KEY_GUIDE_COMMAND}
LOGGED_OUT = {spanish.QUIT, ITEMS["contacto"].label} | HELP_COMMANDS | DEMO_COMMANDS


def plain(renderable: object) -> str:
    """The text of an option's prompt (Content, Text, or Rich's Align around one)."""
    if hasattr(renderable, "plain"):
        return str(renderable.plain)
    return plain(renderable.renderable)  # type: ignore[attr-defined]


async def open_palette(pilot: Pilot, app: CoopApp) -> CommandList:
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: CommandPalette.is_open(app))
    commands = app.screen.query_one(CommandList)
    await wait_until(pilot, lambda: commands.option_count > 0)
    await pilot.pause(0.2)  # every provider has answered
    return commands


def listed(commands: CommandList) -> list[tuple[str, str]]:
    """(name, help) of every command the palette lists."""
    found = []
    for index in range(commands.option_count):
        name, _, help_text = plain(commands.get_option_at_index(index).prompt).partition("\n")
        found.append((name, help_text))
    return found


def footer_keys(widget: Widget) -> list[tuple[str, str]]:
    """(key, description) of every key the screen's footer shows now."""
    footer = widget.screen.query_one(Footer)
    return [(k.key, k.description) for k in footer.query("FooterKey")]  # type: ignore[attr-defined]


async def assert_palette_is_spanish(pilot: Pilot, app: CoopApp, allowed: set[str]) -> None:
    commands = await open_palette(pilot, app)
    placeholder = app.screen.query_one(CommandInput).placeholder
    assert placeholder == spanish.PALETTE_PLACEHOLDER
    shown = listed(commands)
    names = {name for name, _ in shown}
    assert names <= allowed, names - allowed
    for name, help_text in shown:
        assert not ENGLISH.search(f"{name} {help_text}"), (name, help_text)
    # nothing matches: the palette says so in Spanish
    await pilot.press(*"zzxq")
    await wait_until(
        pilot,
        lambda: commands.option_count == 1 and commands.get_option_at_index(0).id == "--no-matches",
    )
    assert plain(commands.get_option_at_index(0).prompt) == spanish.PALETTE_NO_MATCHES
    await pilot.press("escape")
    await wait_until(pilot, lambda: not CommandPalette.is_open(app))


async def test_the_palette_logged_out_is_spanish_and_offers_to_close_the_app() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        palette_key = (App.COMMAND_PALETTE_BINDING, spanish.PALETTE)
        await wait_until(pilot, lambda: palette_key in footer_keys(app.screen))  # not "palette"
        commands = await open_palette(pilot, app)
        assert {name for name, _ in listed(commands)} == LOGGED_OUT
        await pilot.press("escape")
        await wait_until(pilot, lambda: not CommandPalette.is_open(app))
        await assert_palette_is_spanish(pilot, app, LOGGED_OUT)
        # Ctrl+C outside a field: the hint about quitting is Spanish too
        app.action_help_quit()
        await wait_until(pilot, lambda: len(app._notifications) == 1)
        [hint] = list(app._notifications)
        assert (hint.title, hint.message) == (
            "¿Quieres salir?",
            "Pulsa Ctrl+Q para cerrar la aplicación.",
        )


async def test_the_palette_logged_in_is_spanish_with_salir_and_the_table_zoom() -> None:
    app = make_app()
    sections = {
        f"{i.section}: {i.label}" if i.section != i.label else i.label for i in ITEMS.values()
    }
    zoom = {"Ampliar tabla", "Restaurar tabla"}
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, app)
        await assert_palette_is_spanish(
            pilot, app, sections | {"Salir"} | HELP_COMMANDS | DEMO_COMMANDS | zoom
        )
        names = {name for name, _ in listed(await open_palette(pilot, app))}
        assert "Salir" in names
        assert spanish.QUIT not in names  # a member ends the session with SALIR
        await pilot.press("escape")
        await wait_until(pilot, lambda: not CommandPalette.is_open(app))

        # a table with the focus can be seen whole, and put back
        accounts = app.screen.query_one("#accounts", DataTable)
        accounts.focus()
        commands = await open_palette(pilot, app)
        assert "Ampliar tabla" in {name for name, _ in listed(commands)}
        await pilot.press(*"Ampliar", "enter")
        await wait_until(pilot, lambda: app.screen.maximized is not None)  # its section
        commands = await open_palette(pilot, app)
        assert "Restaurar tabla" in {name for name, _ in listed(commands)}
        await pilot.press(*"Restaurar", "enter")
        await wait_until(pilot, lambda: app.screen.maximized is None)


async def test_an_open_select_list_shows_a_spanish_esc_in_the_footer() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, LoginScreen))
        await pilot.press("f5")  # Regístrate: a form with a Select
        await wait_until(pilot, lambda: bool(app.screen.query("#id-type")))
        select = app.screen.query_one("#id-type", Select)
        select.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: select.expanded)
        await wait_until(pilot, lambda: ("escape", spanish.CLOSE) in footer_keys(select))
        keys = footer_keys(select)
        for _, description in keys:
            assert not ENGLISH.search(description), keys
        await pilot.press("escape")
        await wait_until(pilot, lambda: not select.expanded)
        await wait_until(pilot, lambda: ("escape", spanish.CANCEL) in footer_keys(select))


def app_classes() -> Iterator[type[DOMNode]]:
    """Every screen, widget and app class of cooptui, and the Textual ones it shows keys of."""
    for package in (cooptui.screens, cooptui.widgets):
        for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
                if issubclass(cls, DOMNode) and cls.__module__.startswith("cooptui."):
                    yield cls
    from textual.widgets._select import SelectOverlay

    spanish.respell_select_list()
    yield from (CoopApp, spanish.SpanishCommandPalette, SelectOverlay)


def bindings_by_action(key: str | None = None) -> dict[str, dict[str, set[str]]]:
    """action -> description -> the classes that use it (for one key, or for all)."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for cls in set(app_classes()):
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            if binding.description and (key is None or key in binding.key.split(",")):
                found[binding.action][binding.description].add(cls.__qualname__)
    return found


def verbs(descriptions: dict[str, set[str]]) -> set[str]:
    """The first word of each description: "Cerrar" for "Cerrar" and "Cerrar menú"."""
    return {description.split()[0] for description in descriptions}


def test_esc_says_the_same_word_for_the_same_action_on_every_screen() -> None:
    assert spanish.respell_select_list()  # False: Textual changed the Select's list
    escape = bindings_by_action("escape")
    assert set(escape["back"]) == {spanish.BACK}, dict(escape["back"])  # never "Volver"
    assert verbs(escape["cancel"]) == {spanish.CANCEL}, dict(escape["cancel"])
    assert verbs(escape["close"]) == {spanish.CLOSE}, dict(escape["close"])
    assert verbs(escape["dismiss"]) == {spanish.CLOSE}  # the Select's open list
    for action, descriptions in escape.items():
        assert len(verbs(descriptions)) == 1, (action, dict(descriptions))


def test_every_action_has_one_word_and_no_key_is_described_in_english() -> None:
    for action, descriptions in bindings_by_action().items():
        assert len(verbs(descriptions)) == 1, (action, dict(descriptions))
        for description, classes in descriptions.items():
            words = set(description.split())
            assert not words & set(SYNONYMS), (description, classes)
            assert not ENGLISH.search(description), (description, classes)
