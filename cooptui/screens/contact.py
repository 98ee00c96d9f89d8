"""Contacto (manual 6, Paso 1): every channel the bank gives, grouped, ready to copy."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from cooptui.screens.frame import BankScreen
from cooptui.widgets.contact_list import ContactList

INTRO = "Accede a los distintos contactos que tendrás con Cooprogreso."


class ContactScreen(BankScreen):
    """The channels come from the bank (`contact_channels`); F5 fetches them again."""

    MENU_ID = "contacto"
    CSS_PATH = "contact.tcss"
    AUTO_FOCUS = ""  # the list takes the focus once it has channels (never SALIR)

    def compose_content(self) -> ComposeResult:
        yield Static(INTRO, id="ct-intro")
        yield ContactList(self.backend, id="ct-list")

    def reload(self) -> None:
        self.query_one(ContactList).load()
