"""Guía de teclas: every key of the app, screen by screen, read from the classes' BINDINGS.

Nothing here lists a key by hand: the guide walks the modules of `cooptui.screens` and
`cooptui.widgets`, takes each screen's (and control's) bindings merged as Textual merges
them (a subclass's binding of a key replaces its base's), and keeps those the app itself
declares, in Spanish. Textual's own bindings (the arrows of a table, Tab) are left out:
their descriptions are English and the member meets them in every program. A new screen or
a new binding shows up here by itself; a screen without a Spanish name in help_texts shows
its class name, which a test refuses.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Static

from cooptui.screens.frame import BankScreen
from cooptui.screens.help_texts import HELP, SCREEN_NAMES
from cooptui.widgets.spanish import key_name

PACKAGES = ("cooptui.screens", "cooptui.widgets")


# -- the bindings a class offers ------------------------------------------------------------------
def is_ours(cls: type) -> bool:
    return cls.__module__.startswith("cooptui.")


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings that work on `cls`, as Textual merges them, that the app declares.

    Merged afresh (not Textual's cached map) so that a BINDINGS changed at run time, as a
    test does, is seen. Bindings without a description or marked `system` are skipped; so is
    F5 Actualizar on a bank screen that cannot fetch again (see `offered`).
    """
    declared = [
        binding
        for klass in cls.__mro__
        if is_ours(klass)
        for binding in Binding.make_bindings(klass.__dict__.get("BINDINGS", []))
    ]
    return [
        binding
        for _, binding in cls._merge_bindings()
        if binding in declared
        and binding.description
        and not binding.system
        and offered(cls, binding.action)
    ]


def offered(cls: type[DOMNode], action: str) -> bool:
    """What `BankScreen.check_action` decides for an instance: F5 only with a `reload()`."""
    if action == "reload" and issubclass(cls, BankScreen):
        return callable(getattr(cls, "reload", None))
    return True


def key_rows(bindings: Iterable[tuple[str, Binding]]) -> list[tuple[str, str]]:
    """(keys, description) per action: "F5, r" for Actualizar bound to two keys."""
    keys: dict[tuple[str, str], list[str]] = {}
    for key, binding in bindings:
        names = keys.setdefault((binding.action, binding.description), [])
        if key_name(key) not in names:
            names.append(key_name(key))
    return [(", ".join(names), description) for (_, description), names in keys.items()]


# -- every screen of the app ------------------------------------------------------------------------
@dataclass(frozen=True)
class GuideSection:
    title: str
    keys: list[tuple[str, str]]
    """(keys, description), in the order the class declares them."""
    cls: type[DOMNode]


def app_classes() -> Iterator[type[DOMNode]]:
    """Every screen and widget class defined in the app's packages."""
    seen: set[type[DOMNode]] = set()
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__, f"{package_name}."):
            for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
                if issubclass(cls, DOMNode) and is_ours(cls) and cls not in seen:
                    seen.add(cls)
                    yield cls


def screen_title(cls: type[DOMNode]) -> str:
    """The name a member knows the screen by: its help entry's title, else its menu item's
    (a section's own screen), else its name in help_texts.SCREEN_NAMES, else the class's."""
    entry = HELP.get(cls.__name__)
    menu_id = getattr(cls, "MENU_ID", "")
    if entry is None and isinstance(menu_id, str) and menu_id:
        entry = HELP.get(menu_id)
    if entry is not None:
        return entry.title
    return SCREEN_NAMES.get(cls.__name__, cls.__name__)


def guide_sections(app_class: type[App[object]]) -> list[GuideSection]:
    """The app's keys first, then each screen in the order of the help (the menu's order,
    each section followed by what opens from it), then dialogs and controls by name.

    A class another one extends (BankScreen, TransferScreen, FormDialog) is not listed on
    its own: its keys are listed with each screen that inherits them.
    """
    classes = [c for c in app_classes() if issubclass(c, Screen | Widget)]
    bases = {base for c in classes for base in c.__mro__[1:]}
    shown = [c for c in classes if c not in bases and own_bindings(c)]
    order = {name: index for index, name in enumerate(HELP)}

    def rank(cls: type[DOMNode]) -> tuple[int, str]:
        menu_id = getattr(cls, "MENU_ID", "")
        key = cls.__name__ if cls.__name__ in HELP else menu_id
        return (order.get(key, len(order)), screen_title(cls))

    sections = [GuideSection(screen_title(app_class), _rows(app_class), app_class)]
    for cls in sorted(shown, key=rank):
        sections.append(GuideSection(screen_title(cls), _rows(cls), cls))
    return sections


def _rows(cls: type[DOMNode]) -> list[tuple[str, str]]:
    return key_rows((key, b) for b in own_bindings(cls) for key in [b.key])


# -- the dialog ----------------------------------------------------------------------------------------
def keys_table(rows: list[tuple[str, str]]) -> Table:
    """Keys on the left, what they do on the right (wrapping under itself)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=10)
    table.add_column(ratio=1)
    for keys, description in rows:
        table.add_row(Text(keys), Text(description))
    return table


HERE = "estás aquí"


def explained_class(stack: Sequence[Screen[object]]) -> type[DOMNode] | None:
    """The class of the screen the member came from: under the guide, and under the help
    (`HelpDialog.explains`) when the guide was opened from it."""
    for screen in reversed(stack):
        if not isinstance(screen, KeyGuideScreen):
            explains = getattr(screen, "explains", None)
            return explains if isinstance(explains, type) else type(screen)
    return None


class KeyGuideScreen(ModalScreen[None]):
    """Every screen's keys, scrolled with the arrows (the list has the focus); Esc closes.

    It opens at the section of the screen the member came from (`current`), marked as
    such: the list is long, and that is the section looked for first.
    """

    CSS_PATH = "key_guide.tcss"
    AUTO_FOCUS = "#kg-body"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Cerrar")]

    def __init__(self, current: type[DOMNode] | None = None) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="kg-box"):
            yield Static("Guía de teclas", id="kg-title")
            yield Static(
                "Las teclas de Cooprogreso en Línea, pantalla por pantalla. Usa ↑ ↓ para"
                " recorrer la lista.",
                id="kg-intro",
            )
            with VerticalScroll(id="kg-body"):
                for section in guide_sections(type(self.app)):
                    if section.cls is self.current:
                        heading = Text.assemble(section.title, "  · ", (HERE, "italic"))
                        yield Static(heading, id="kg-current", classes="kg-screen")
                    else:
                        yield Static(Text(section.title), classes="kg-screen")
                    yield Static(keys_table(section.keys), classes="kg-keys")
            with Horizontal(id="kg-buttons"):
                yield Button("Cerrar", id="kg-close", variant="primary")

    def on_mount(self) -> None:
        def show_current() -> None:
            for heading in self.query("#kg-current"):
                self.query_one("#kg-body", VerticalScroll).scroll_to_widget(
                    heading, animate=False, top=True
                )

        self.call_after_refresh(show_current)

    @on(Button.Pressed, "#kg-close")
    def action_close(self) -> None:
        self.dismiss(None)
