"""`BankScreen`: the frame every logged-in screen shares (top bar, side menu, content)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from cooptui.backend.protocol import Backend
from cooptui.screens.menu import ITEMS
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.side_menu import SideMenu
from cooptui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from cooptui.app import CoopApp


class BankScreen(PresentsWorkerErrors, Screen[None]):
    """Subclasses set `MENU_ID` and implement `compose_content`."""

    MENU_ID: ClassVar[str] = ""
    AUTO_FOCUS: ClassVar[str | None] = "#content *"  # never SALIR: Enter must not log out
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (100, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+m", "focus_menu", "Menú", show=False),
        Binding("f1", "focus_menu", "Menú"),
    ]

    @property
    def coop(self) -> CoopApp:
        return cast("CoopApp", self.app)

    @property
    def backend(self) -> Backend:
        return self.coop.backend

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

    def action_focus_menu(self) -> None:
        self.query_one(SideMenu).focus()

    def on_side_menu_selected(self, event: SideMenu.Selected) -> None:
        self.coop.open_section(event.item_id)

    def on_top_bar_logout(self, _: TopBar.Logout) -> None:
        self.coop.action_logout()


class ComingSoonScreen(BankScreen):
    """A section of the manual whose screens arrive in a later version."""

    AUTO_FOCUS = "#side-menu"

    def __init__(self, item_id: str) -> None:
        self.MENU_ID = item_id  # type: ignore[misc]
        super().__init__()

    def compose_content(self) -> ComposeResult:
        item = ITEMS[self.MENU_ID]
        yield Static(
            f"{item.help}.\n\nEsta sección estará disponible pronto en Cooprogreso en Línea"
            " para la terminal.",
            id="coming-soon",
        )
