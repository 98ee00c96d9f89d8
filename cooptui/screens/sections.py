"""Which screen shows each menu item, imported only when the member opens it."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cooptui.screens.frame import BankScreen

SECTION_SCREENS: dict[str, str] = {
    "resumen": "cooptui.screens.summary:SummaryScreen",
    "movimientos": "cooptui.screens.movements:MovementsScreen",
    "transf-propias": "cooptui.screens.own_transfer:OwnTransferScreen",
    "transf-coop": "cooptui.screens.coop_transfer:CoopTransferScreen",
    "transf-inter": "cooptui.screens.interbank_transfer:InterbankTransferScreen",
    "beneficiarios": "cooptui.screens.beneficiaries:BeneficiariesScreen",
    "historial": "cooptui.screens.payment_history:PaymentHistoryScreen",
    "programados": "cooptui.screens.scheduled_payments:ScheduledPaymentsScreen",
    "servicios": "cooptui.screens.services:RegisteredServicesScreen",
    "tarjetas-coop": "cooptui.screens.own_cards:OwnCardsScreen",
    "tarjetas-otros": "cooptui.screens.other_cards:OtherCardsScreen",
    "diferido-trx": "cooptui.screens.deferral:TransactionsDeferralScreen",
    "diferido-rotativo": "cooptui.screens.deferral:RevolvingDeferralScreen",
    "contacto": "cooptui.screens.contact:ContactScreen",
    "solicitudes": "cooptui.screens.product_catalog:ProductCatalogScreen",
    "ayuda": "cooptui.screens.faq:FaqScreen",
}
"""Menu item id -> "module:Class" of its screen (a `BankScreen` taking no arguments)."""


def section_screen(item_id: str, **options: object) -> BankScreen:
    """The screen for a menu item (every item of the manual's menu has one).

    `options` go to the screen's constructor (e.g. the card a deferral starts with)."""
    module, _, name = SECTION_SCREENS[item_id].partition(":")
    screen_class: type[BankScreen] = getattr(import_module(module), name)
    return screen_class(**options)
