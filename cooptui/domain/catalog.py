"""Contacto, Solicita tus productos and Ayuda: the bank's static-ish content."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from cooptui.domain.base import Model
from cooptui.domain.money import Money


class ContactChannel(Model):
    kind: str  # "Call Center", "WhatsApp", "Correo", "Agencia", …
    label: str
    value: str
    hours: str | None = None


class ProductCategory(StrEnum):
    SAVINGS = "Ahorros"
    CREDIT = "Créditos"
    INVESTMENT = "Inversiones"
    CARD = "Tarjetas"


class ProductOffer(Model):
    id: str
    category: ProductCategory
    name: str
    description: str
    requirements: tuple[str, ...] = ()
    min_amount: Money | None = None
    max_amount: Money | None = None


class ProductRequestStatus(StrEnum):
    RECEIVED = "Recibida"
    IN_REVIEW = "En revisión"


class ProductRequest(Model):
    reference: str
    product_id: str
    product_name: str
    amount: Money | None
    comment: str
    contact_phone: str
    created_at: datetime
    status: ProductRequestStatus


class FaqEntry(Model):
    id: int
    topic: str
    question: str
    answer: str


SECURITY_TIPS: tuple[str, ...] = (
    "No solicitamos claves, usuarios, números de tarjetas o números de cuenta, por ningún medio.",
    "No compartas tus claves, son de uso personal e intransferibles.",
    "Usa solo la aplicación oficial de Cooprogreso y verifica que la dirección del "
    "servidor sea la de tu cooperativa.",
)
"""The login panel's «¡Pensamos en tu SEGURIDAD! Ten en cuenta estos consejos»."""
