"""Contacto, Solicita tus productos and Ayuda: the bank's static-ish content."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
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


class TermUnit(StrEnum):
    MONTHS = "meses"
    DAYS = "días"


class RateTier(Model):
    """The annual rate from a plazo on (in the product's `term_unit`), until the next tier."""

    from_term: int
    annual_rate: Decimal  # 0.0790 for 7.90 %


class ProductOffer(Model):
    """A product of Solicita tus productos, with what its simulator and request need.

    Credits and investments have a plazo range and the rates the bank quotes (one tier
    for a credit; a deposit's rate grows with its plazo); credits add the monthly seguro
    de desgravamen on the balance. The amount range, where there is one, is the request's.
    """

    id: str
    category: ProductCategory
    name: str
    description: str
    requirements: tuple[str, ...] = ()
    min_amount: Money | None = None
    max_amount: Money | None = None
    term_unit: TermUnit | None = None
    min_term: int | None = None
    max_term: int | None = None
    rates: tuple[RateTier, ...] = ()
    insurance_rate: Decimal | None = None  # monthly, on the balance before each cuota

    def rate_for(self, term: int) -> Decimal | None:
        """The annual rate quoted for `term`: the last tier starting at or below it."""
        quoted = None
        for tier in sorted(self.rates, key=lambda t: t.from_term):
            if tier.from_term <= term:
                quoted = tier.annual_rate
        return quoted

    def term_problem(self, term: int | None) -> str | None:
        """Why `term` is not a plazo of this product (Spanish), or None."""
        if self.term_unit is None:
            return None if term is None else "Este producto no tiene plazo."
        if term is None:
            return "Ingresa el plazo."
        low, high = self.min_term or 1, self.max_term
        if term < low or (high is not None and term > high):
            span = f"de {low} a {high}" if high is not None else f"desde {low}"
            return f"El plazo debe ser {span} {self.term_unit.value}."
        return None


class ProductRequestStatus(StrEnum):
    RECEIVED = "Recibida"
    IN_REVIEW = "En revisión"


class ProductRequest(Model):
    reference: str
    product_id: str
    product_name: str
    amount: Money | None
    term: int | None = None  # in the product's term_unit
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
