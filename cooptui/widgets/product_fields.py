"""What Solicita tus productos says about an offer's Monto and Plazo, and the two fields.

The catalog, the request form and both simulators describe and check a product's ranges
with these functions, in the words the bank uses when it refuses a request (the core
checks the same rules again): a member who simulated $40,000 reads the same "El monto
máximo es $30,000.00." in the simulator as in the form.
"""

from __future__ import annotations

from decimal import Decimal

from textual import on
from textual.widgets import Input

from cooptui.domain.catalog import ProductCategory, ProductOffer
from cooptui.domain.formatting import format_money, format_rate
from cooptui.domain.validators import parse_amount
from cooptui.widgets.amount_field import AMOUNT_PLACEHOLDER
from cooptui.widgets.form_field import FormField

SIMULATED = frozenset({ProductCategory.CREDIT, ProductCategory.INVESTMENT})
"""The categories with a simulator: credits (amortization) and investments (DPF)."""


def has_amount(offer: ProductOffer) -> bool:
    """Whether a request of this product asks for an amount (it has a range)."""
    return offer.min_amount is not None or offer.max_amount is not None


def has_term(offer: ProductOffer) -> bool:
    return offer.term_unit is not None


def can_simulate(offer: ProductOffer) -> bool:
    return (
        offer.category in SIMULATED and has_amount(offer) and has_term(offer) and bool(offer.rates)
    )


def amount_range(offer: ProductOffer) -> str:
    """ "entre $500.00 y $30,000.00" ("" when the product has no amount)."""
    low, high = offer.min_amount, offer.max_amount
    if low is not None and high is not None:
        return f"entre {format_money(low)} y {format_money(high)}"
    if low is not None:
        return f"desde {format_money(low)}"
    if high is not None:
        return f"hasta {format_money(high)}"
    return ""


def term_range(offer: ProductOffer) -> str:
    """ "de 3 a 60 meses" ("" when the product has no plazo)."""
    if offer.term_unit is None:
        return ""
    low, high = offer.min_term or 1, offer.max_term
    unit = offer.term_unit.value
    return f"de {low} a {high} {unit}" if high is not None else f"desde {low} {unit}"


def percent(rate: Decimal) -> str:
    """An annual rate as the manual writes it: 0.0790 → "7.90%"."""
    return format_rate(rate * 100)


def rate_range(offer: ProductOffer) -> str:
    """ "12.66%", or "5.25% a 8.25% según el plazo" for rates that grow with it."""
    rates = sorted({tier.annual_rate for tier in offer.rates})
    if not rates:
        return ""
    if len(rates) == 1:
        return percent(rates[0])
    return f"{percent(rates[0])} a {percent(rates[-1])} según el plazo"


def rate_tiers(offer: ProductOffer) -> list[tuple[str, str]]:
    """(plazo, tasa) per tier: ("31 a 60 días", "5.25%") … the last up to `max_term`."""
    tiers = sorted(offer.rates, key=lambda t: t.from_term)
    unit = offer.term_unit.value if offer.term_unit is not None else ""
    out: list[tuple[str, str]] = []
    for index, tier in enumerate(tiers):
        start = max(tier.from_term, offer.min_term or 1)
        end = tiers[index + 1].from_term - 1 if index + 1 < len(tiers) else offer.max_term
        span = f"{start} a {end} {unit}" if end is not None else f"desde {start} {unit}"
        out.append((span, percent(tier.annual_rate)))
    return out


def amount_problem(offer: ProductOffer, text: str) -> str | None:
    """Why `text` is not an amount this product takes (the bank's words), or None."""
    if not text.strip():
        return "Ingresa el monto."
    try:
        value = parse_amount(text)
    except ValueError as exc:
        return str(exc)
    if offer.min_amount is not None and value < offer.min_amount:
        return f"El monto mínimo es {format_money(offer.min_amount)}."
    if offer.max_amount is not None and value > offer.max_amount:
        return f"El monto máximo es {format_money(offer.max_amount)}."
    return None


def parse_term(offer: ProductOffer, text: str) -> tuple[int | None, str | None]:
    """(plazo, None) when `text` is a plazo of this product, else (None, why)."""
    typed = text.strip()
    if offer.term_unit is None:  # no plazo: nothing typed is right, anything typed wrong
        return None, offer.term_problem(0) if typed else None
    if not typed:
        return None, offer.term_problem(None)
    if not (typed.isascii() and typed.isdigit()):
        return None, f"Ingresa el plazo en {offer.term_unit.value}, solo con números."
    term = typed_int(typed)
    problem = offer.term_problem(term)
    return (None, problem) if problem else (term, None)


TOO_LONG = 10**9
"""What a plazo of more than 9 digits counts as: beyond any range, and no `int()` of
thousands of pasted digits (Python refuses more than 4300 with an error)."""


def typed_int(digits: str) -> int:
    return int(digits) if len(digits) <= 9 else TOO_LONG


class _OfferField(FormField):
    """A field of one product's range: its Input's text is checked against the offer."""

    def __init__(
        self, offer: ProductOffer, label: str, control: Input, *, name: str, hint: str
    ) -> None:
        super().__init__(label, control, name=name, hint=hint)
        self.offer = offer

    @property
    def text(self) -> str:
        assert isinstance(self.control, Input)
        return self.control.value


class ProductAmountField(_OfferField):
    """Monto of a product, its range as the hint. As typed it says only what more typing
    cannot fix (not an amount, above the maximum); the minimum waits for Enviar/Simular,
    or "5" on its way to "5000" would be refused."""

    def __init__(self, offer: ProductOffer, *, input_id: str, value: str = "") -> None:
        super().__init__(
            offer,
            "Monto",
            Input(value, placeholder=AMOUNT_PLACEHOLDER, id=input_id),
            name="amount",
            hint=f"Monto {amount_range(offer)}".strip(),
        )

    def problem(self) -> str | None:
        return amount_problem(self.offer, self.text)

    def value(self) -> Decimal:
        """The amount once `problem()` is None."""
        return parse_amount(self.text)

    @on(Input.Changed)
    def check_as_typed(self) -> None:
        text = self.text.strip()
        problem = self.problem()
        typing = not text or text.endswith((".", ",", "$"))
        too_small = problem is not None and problem.startswith("El monto mínimo")
        self.show_error("" if typing or too_small else problem or "")


class ProductTermField(_OfferField):
    """Plazo in the product's unit (meses, días), its range as the hint; like Monto, a
    plazo below the minimum is said only on Enviar/Simular."""

    def __init__(self, offer: ProductOffer, *, input_id: str, value: str = "") -> None:
        unit = offer.term_unit.value if offer.term_unit is not None else ""
        super().__init__(
            offer,
            f"Plazo ({unit})",
            Input(value, placeholder=unit, id=input_id),
            name="term",
            hint=f"Plazo {term_range(offer)}".strip(),
        )

    def problem(self) -> str | None:
        return parse_term(self.offer, self.text)[1]

    def value(self) -> int:
        """The plazo once `problem()` is None."""
        term, problem = parse_term(self.offer, self.text)
        if term is None:
            raise ValueError(problem)
        return term

    @on(Input.Changed)
    def check_as_typed(self) -> None:
        text = self.text.strip()
        problem = parse_term(self.offer, text)[1]
        if not text or problem is None:
            self.show_error("")
            return
        digits = text.isascii() and text.isdigit()
        maximum = self.offer.max_term
        above = digits and maximum is not None and typed_int(text) > maximum
        self.show_error(problem if not digits or above else "")
