"""Textual's own words, in Spanish: the command palette, the app's keys, the Select's list.

Everything Textual (not the app) can put on the screen is respelled here, in one module, so
that a member never meets English and a Textual upgrade that adds or renames a string is a
one-file fix; tests/ui/test_spanish.py fails when that happens.

What the app keeps of Textual's system commands, and why:
- "Quit" becomes "Cerrar la aplicación", offered only while nobody is logged in: a member
  ends a session with SALIR (the palette's "Salir"), as on the web.
- "Maximize"/"Minimize" become "Ampliar tabla"/"Restaurar tabla", offered only when a table
  has the focus: on a small terminal a member may want the movements whole.
- "Theme" (a picker of English theme names), "Keys" (a help panel listing every Textual
  widget key in English; the footer already shows the keys that work now) and "Screenshot"
  (an SVG of account data dropped in the working folder) are not offered.

One word per action, the same on every screen (the footer and the README use them):
Esc is "Regresar" when it goes back to the previous screen (the manual's button),
"Cancelar" when it abandons a form or dialog, "Cerrar" when it closes something that only
shows information; saving a file is "Exportar" (never "Descargar").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import ClassVar

from rich.align import Align
from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widgets import DataTable
from textual.widgets.option_list import Option

BACK = "Regresar"
CANCEL = "Cancelar"
CLOSE = "Cerrar"
EXPORT = "Exportar"
QUIT = "Cerrar la aplicación"
PALETTE = "Comandos"
PALETTE_PLACEHOLDER = "Buscar comandos…"
PALETTE_NO_MATCHES = "Ningún comando coincide"


KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "space": "Espacio",
    "tab": "Tab",
    "backspace": "Retroceso",
    "delete": "Supr",
    "insert": "Insert",
    "home": "Inicio",
    "end": "Fin",
    "pageup": "RePág",
    "pagedown": "AvPág",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}
"""Keys by the names printed on a Spanish keyboard (the rest: F-keys, letters, symbols)."""
MODIFIER_NAMES = {"ctrl": "Ctrl", "shift": "Mayús", "alt": "Alt", "meta": "Meta", "super": "Super"}


def key_name(key: str) -> str:
    """ "ctrl+q" -> "Ctrl+Q", "escape" -> "Esc", "question_mark" -> "?", "c" -> "c": how keys
    are written in the app's messages, its help and the README.

    A letter alone stays as typed (an uppercase one would read as Mayús+letter); with a
    modifier it is written uppercase, as keyboards print it.
    """
    *modifiers, last = key.strip().split("+")
    name = KEY_NAMES.get(last) or key_to_character(last) or last
    if len(name) > 1 and name[0] == "f" and name[1:].isdigit():
        name = name.upper()
    elif modifiers:
        name = name.upper() if len(name) == 1 else name.capitalize()
    return "+".join([*(MODIFIER_NAMES.get(m, m.capitalize()) for m in modifiers), name])


class SpanishCommandPalette(CommandPalette):
    """Textual's command palette with Spanish placeholder, keys and empty-result line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+end, shift+end", "command_list('last')", "Último comando", show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", "Primer comando", show=False),
        Binding("down", "cursor_down", "Comando siguiente", show=False),
        Binding("escape", "escape", CLOSE),
        Binding("pagedown", "command_list('page_down')", "Página siguiente", show=False),
        Binding("pageup", "command_list('page_up')", "Página anterior", show=False),
        Binding("up", "command_list('cursor_up')", "Comando anterior", show=False),
    ]

    def __init__(self, *, placeholder: str = PALETTE_PLACEHOLDER, id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's method with the line in Spanish: it builds the text inside a closure.

        Textual 8.2 has no hook for this line, so the method is re-implemented; if Textual
        renames it, test_spanish's "no matches" test fails.
        """
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(PALETTE_NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def respell_select_list() -> bool:
    """Give the Select's open list a Spanish Esc ("esc Cerrar" in the footer, not "Dismiss menu").

    Textual builds that list (`SelectOverlay`) itself inside `Select.compose`, so no subclass
    of the app's can reach it: this is the one place the app changes a Textual class. It
    replaces the class's bindings once (idempotent) and returns False, changing nothing, if
    Textual no longer has the binding it expects (test_spanish then fails).
    """
    from textual.widgets._select import SelectOverlay

    declared = SelectOverlay.__dict__.get("BINDINGS", [])
    bindings = list(Binding.make_bindings(declared))
    if not any(b.key == "escape" and b.action == "dismiss" for b in bindings):
        return False
    SelectOverlay.BINDINGS = [
        replace(b, description=CLOSE) if b.key == "escape" and b.action == "dismiss" else b
        for b in bindings
    ]
    SelectOverlay._merged_bindings = SelectOverlay._merge_bindings()
    return True


class SpanishApp(App[None]):
    """An App whose Textual parts speak Spanish: palette, app keys, system commands, hints."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q",
            "quit",
            QUIT,
            tooltip="Terminar el programa",
            show=False,
            priority=True,
        ),
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            PALETTE,
            tooltip="Buscar y ejecutar comandos: cada opción del menú y más",
            show=False,
            priority=True,
            key_display=App.COMMAND_PALETTE_DISPLAY,
        ),
    ]

    def __init__(self) -> None:
        respell_select_list()
        super().__init__()

    def action_command_palette(self) -> None:
        """Open the palette in Spanish (Textual's action opens its English one)."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(SpanishCommandPalette(id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C outside a field: say how to quit, in Spanish (Textual says it in English)."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    f"Pulsa {key_name(key)} para cerrar la aplicación.",
                    title="¿Quieres salir?",
                    markup=False,
                )
                return

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's system commands the app keeps, in Spanish (see the module docstring)."""
        if screen.maximized is not None:
            yield SystemCommand(
                "Restaurar tabla", "Devolver la tabla a su tamaño normal", screen.action_minimize
            )
        elif isinstance(screen.focused, DataTable):
            yield SystemCommand(
                "Ampliar tabla",
                "Ver la tabla en toda la pantalla (Esc para restaurarla)",
                screen.action_maximize,
            )
