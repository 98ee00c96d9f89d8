"""`BankScreen`: the frame every logged-in screen shares (top bar, side menu, content)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from cooptui.backend.protocol import Backend
from cooptui.screens.menu import ITEMS
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.side_menu import SideMenu
from cooptui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from cooptui.app import CoopApp


WIDE_FROM = 116
"""Columns from which the menu (36) sits beside the content: the widest table (Detalle de
Movimientos, 76 cells) needs 80 columns with the content's padding and scrollbar."""


class BankScreen(PresentsWorkerErrors, Screen[None]):
    """Subclasses set `MENU_ID` and implement `compose_content`.

    Below `WIDE_FROM` columns (`-narrow`) the side menu would leave the content too little
    room for its tables and forms: it is hidden and F1 opens it over the content
    (`-menu-open`) until an item is chosen, Esc is pressed or the focus moves on.
    """

    MENU_ID: ClassVar[str] = ""
    AUTO_FOCUS: ClassVar[str | None] = "#content *"  # never SALIR: Enter must not log out
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (WIDE_FROM, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "focus_menu", "Menú"),
        Binding("f5", "reload", "Actualizar"),
    ]
    _before_menu: Widget | None = None
    """What had the focus before F1 opened the menu over a narrow screen."""

    @property
    def coop(self) -> CoopApp:
        return cast("CoopApp", self.app)

    @property
    def backend(self) -> Backend:
        return self.coop.backend

    def focus_after_layout(self, selector: str) -> None:
        """Focus the first control `selector` without scrolling (set `AUTO_FOCUS = ""`: None
        would inherit the app's "*", which focuses SALIR first).

        A Select counts its hidden drop-down in its height: focused the usual way, the
        content scrolled past its title to "show it whole". Never SALIR either, where
        Enter would log out; nothing is moved if the member is already in the content.
        """

        def focus() -> None:
            content = self.query_one("#content")
            if self.focused is None or content not in self.focused.ancestors:
                # At once, not queued as Widget.focus() would be: a focus asked for in
                # the meantime (a click, a test's table.focus()) must win over this one.
                self.set_focus(self.query_one(selector), scroll_visible=False)

        self.call_after_refresh(focus)

    async def bank_today(self) -> date:
        """The bank's date: its clock in a demo (which support staff move), else ours."""
        demo = self.backend.demo
        if demo is not None:
            return (await demo.now()).date()
        return datetime.now().astimezone().date()

    def compose(self) -> ComposeResult:
        session = self.coop.session
        yield TopBar(
            session.display_name if session else "",
            session.last_login_at if session else None,
        )
        with Horizontal(id="frame-body"):
            yield SideMenu(self.MENU_ID, id="side-menu")
            with VerticalScroll(id="content"):
                item = ITEMS.get(self.MENU_ID)
                if item is not None:
                    yield Static(item.label, id="screen-title", classes="screen-title")
                yield from self.compose_content()
        yield Footer()

    def compose_content(self) -> ComposeResult:
        yield from ()

    def on_resize(self, event: events.Resize) -> None:
        """Narrow, the footer is compact and leaves out Ctrl+P (Comandos still works, and
        ? Ayuda lists it): every screen's keys and ? then fit in 80 columns."""
        for footer in self.query(Footer):
            footer.compact = event.size.width < WIDE_FROM
            footer.show_command_palette = event.size.width >= WIDE_FROM

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F5 is offered only by the screens that can fetch their data again (`reload()`)."""
        if action == "reload":
            return callable(getattr(self, "reload", None))
        return super().check_action(action, parameters)

    def action_reload(self) -> None:
        reload = getattr(self, "reload", None)
        if callable(reload):
            reload()

    def action_focus_menu(self) -> None:
        menu = self.query_one(SideMenu)
        if not self.has_class("-narrow"):
            menu.focus()
        elif self.has_class("-menu-open"):
            self.close_menu()  # F1 again: back to where the member was
        else:
            self._before_menu = self.focused
            self.add_class("-menu-open")
            self.call_after_refresh(menu.focus)  # it can take focus once it is displayed

    def close_menu(self) -> None:
        """Hide the menu opened over a narrow screen and give the focus back."""
        if not self.has_class("-menu-open"):
            return
        self.remove_class("-menu-open")
        before, self._before_menu = self._before_menu, None
        if self.focused is self.query_one(SideMenu):
            if before is not None and before.is_attached and before.focusable:
                before.focus()
            else:
                self.focus_next()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, SideMenu) and self.has_class("-menu-open"):
            self._before_menu = None  # the member went elsewhere: leave the focus there
            self.remove_class("-menu-open")

    def on_side_menu_closed(self, _: SideMenu.Closed) -> None:
        self.close_menu()

    def on_side_menu_selected(self, event: SideMenu.Selected) -> None:
        self.close_menu()
        self.coop.open_section(event.item_id)

    def on_top_bar_logout(self, _: TopBar.Logout) -> None:
        self.coop.action_logout()
