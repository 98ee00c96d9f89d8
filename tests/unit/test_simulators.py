"""The simulators' figures against hand-computed ones, and the words they check ranges with.

The catalog is the simulated bank's (tests may read it; the app's screens never import
it): the DPF at 365 days must quote the 7.90 % of the manual's deposit 0010 and pay its
$800.97; Crédito de consumo for $13,750.00 over 48 months on the manual's date is the demo
member's loan (first cuota $386.36 with insurance, first due 05/02/2025).
"""

from __future__ import annotations

import csv
import io
import math
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from cooptui.backend_stub.content import PRODUCT_CATALOG
from cooptui.domain.catalog import ProductOffer
from cooptui.domain.exports import SIMULATION_CSV_COLUMNS, simulation_csv
from cooptui.domain.simulation import simulate_credit, simulate_deposit
from cooptui.screens.credit_simulator import insurance_text, simulation_filename, simulation_pairs
from cooptui.screens.deposit_simulator import deposit_pairs
from cooptui.widgets.product_fields import (
    amount_problem,
    amount_range,
    can_simulate,
    parse_term,
    rate_range,
    rate_tiers,
    term_range,
)

MANUAL_DAY = date(2024, 12, 18)


def offer(product_id: str) -> ProductOffer:
    return next(o for o in PRODUCT_CATALOG if o.id == product_id)


def cents(value: Fraction) -> Decimal:
    """Half up to the cent, by hand (no `decimal` context involved)."""
    return Decimal(math.floor(value * 100 + Fraction(1, 2))) / 100


# -- plazo fijo ------------------------------------------------------------------------------


def test_dpf_of_the_manual_10000_at_365_days() -> None:
    sim = simulate_deposit(offer("inversion-dpf"), Decimal("10000.00"), 365, MANUAL_DAY)
    by_hand = cents(Fraction(10000) * Fraction("0.079") * 365 / 360)  # 800.9722…
    assert by_hand == Decimal("800.97")
    assert sim.annual_rate == Decimal("0.0790")
    assert sim.interest == by_hand == Decimal("800.97")
    assert sim.total == Decimal("10800.97")
    assert sim.matures_on == date(2025, 12, 18)
    assert dict(deposit_pairs(sim)) == {
        "Monto": "$10,000.00",
        "Plazo": "365 días",
        "Tasa de interés": "7.90% anual",
        "Fecha de emisión": "18/12/2024",
        "Fecha de vencimiento": "18/12/2025",
        "Interés al vencimiento": "$800.97",
        "Total al vencimiento": "$10,800.97",
    }


@pytest.mark.parametrize(
    ("days", "rate", "interest"),
    [
        (31, "0.0525", Fraction(5000) * Fraction("0.0525") * 31 / 360),  # 22.604…
        (90, "0.0575", Fraction(5000) * Fraction("0.0575") * 90 / 360),  # 71.875 → 71.88
        (360, "0.0750", Fraction(5000) * Fraction("0.075") * 360 / 360),
        (361, "0.0790", Fraction(5000) * Fraction("0.079") * 361 / 360),
        (1080, "0.0825", Fraction(5000) * Fraction("0.0825") * 1080 / 360),
    ],
)
def test_dpf_rate_follows_the_plazo(days: int, rate: str, interest: Fraction) -> None:
    sim = simulate_deposit(offer("inversion-dpf"), Decimal("5000.00"), days, MANUAL_DAY)
    assert sim.annual_rate == Decimal(rate)
    assert sim.interest == cents(interest)


def test_dpf_half_cent_rounds_up() -> None:
    sim = simulate_deposit(offer("inversion-dpf"), Decimal("5000.00"), 90, MANUAL_DAY)
    assert sim.interest == Decimal("71.88")  # 71.875 exactly


# -- crédito ---------------------------------------------------------------------------------


def test_credit_of_the_manual_is_the_demo_members_loan() -> None:
    sim = simulate_credit(offer("credito-consumo"), Decimal("13750.00"), 48, MANUAL_DAY)
    assert sim.annual_rate == Decimal("0.1266")
    assert sim.insurance_rate == Decimal("0.00144")
    assert len(sim.rows) == 48
    first, second = sim.rows[0], sim.rows[1]
    # First period 18/12/2024 → 05/02/2025: 49 days of interest at 12.66 % / 360.
    assert first.due_date == date(2025, 2, 5)
    assert (first.due_date - MANUAL_DAY).days == 49
    interest = cents(Fraction(13750) * Fraction("0.1266") * 49 / 360)  # 236.94375
    r = Fraction("0.1266") / 12
    level = cents(Fraction(13750) * r / (1 - (1 + r) ** -48))  # 366.559…
    insurance = cents(Fraction(13750) * Fraction("0.00144"))  # 19.80
    assert (interest, level, insurance) == (Decimal("236.94"), Decimal("366.56"), Decimal("19.80"))
    assert first.interest == interest
    assert first.capital == level - interest == Decimal("129.62")
    assert first.insurance == insurance
    assert first.total == Decimal("386.36")
    assert first.balance_after == Decimal("13620.38")
    # Second: 05/02 → 05/03/2025 (28 days), the payment re-computed on 47 months left.
    balance = Fraction("13620.38")
    assert second.due_date == date(2025, 3, 5)
    assert second.interest == cents(balance * Fraction("0.1266") * 28 / 360) == Decimal("134.12")
    assert second.insurance == cents(balance * Fraction("0.00144")) == Decimal("19.61")
    level_2 = cents(balance * r / (1 - (1 + r) ** -47))
    assert second.capital == level_2 - second.interest == Decimal("234.93")
    # The whole table
    assert sum(row.capital for row in sim.rows) == Decimal("13750.00")
    assert sim.rows[-1].balance_after == Decimal("0.00")
    assert sim.total_interest == sum(row.interest for row in sim.rows) == Decimal("4018.38")
    assert sim.total_insurance == sum(row.insurance for row in sim.rows) == Decimal("529.29")
    assert sim.total == Decimal("13750.00") + Decimal("4018.38") + Decimal("529.29")
    assert sim.total == Decimal("18297.67")
    assert dict(simulation_pairs(sim)) == {
        "Monto": "$13,750.00",
        "Plazo": "48 meses",
        "Tasa de interés": "12.66% anual",
        "Seguro de desgravamen": "0.144% mensual",
        "Fecha de desembolso": "18/12/2024",
        "Primer pago": "05/02/2025",
        "Primera cuota": "$386.36",
        "Total intereses": "$4,018.38",
        "Total seguro": "$529.29",
        "Total a pagar": "$18,297.67",
    }


def test_credit_simulation_as_csv() -> None:
    sim = simulate_credit(offer("credito-consumo"), Decimal("13750.00"), 48, MANUAL_DAY)
    rows = list(csv.reader(io.StringIO(simulation_csv(sim.rows))))
    assert tuple(rows[0]) == SIMULATION_CSV_COLUMNS
    assert rows[0] == ["Nº", "Fecha de pago", "Cuota", "Capital", "Interés", "Seguro", "Saldo"]
    assert rows[1] == ["1", "2025-02-05", "386.36", "129.62", "236.94", "19.80", "13620.38"]
    assert len(rows) == 49
    assert rows[-1][0] == "48"
    assert rows[-1][-1] == "0.00"
    assert sum(Decimal(row[3]) for row in rows[1:]) == Decimal("13750.00")
    assert simulation_filename(sim) == "simulacion-credito-consumo-13750-48meses.csv"


def test_insurance_keeps_its_third_place() -> None:
    assert insurance_text(Decimal("0.00144")) == "0.144% mensual"


# -- what the forms say ----------------------------------------------------------------------


def test_ranges_in_words() -> None:
    consumo, dpf, cuenta = offer("credito-consumo"), offer("inversion-dpf"), offer("cuenta-ahorros")
    assert amount_range(consumo) == "entre $500.00 y $30,000.00"
    assert term_range(consumo) == "de 3 a 60 meses"
    assert rate_range(consumo) == "12.66%"
    assert term_range(dpf) == "de 31 a 1080 días"
    assert rate_range(dpf) == "5.25% a 8.25% según el plazo"
    assert rate_tiers(dpf)[0] == ("31 a 60 días", "5.25%")
    assert rate_tiers(dpf)[5] == ("361 a 720 días", "7.90%")
    assert rate_tiers(dpf)[-1] == ("721 a 1080 días", "8.25%")
    assert (amount_range(cuenta), term_range(cuenta), rate_range(cuenta)) == ("", "", "")
    assert can_simulate(consumo)
    assert can_simulate(dpf)
    assert not can_simulate(cuenta)
    assert not can_simulate(offer("tarjeta-credito-mastercard"))


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "Ingresa el monto."),
        ("abc", "Ingresa un monto válido"),
        ("10.555", "El monto admite máximo 2 decimales"),
        ("499.99", "El monto mínimo es $500.00."),
        ("30,000.01", "El monto máximo es $30,000.00."),
        ("500", None),
        ("$30,000.00", None),
    ],
)
def test_amount_problems_in_the_banks_words(typed: str, problem: str | None) -> None:
    assert amount_problem(offer("credito-consumo"), typed) == problem


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", (None, "Ingresa el plazo.")),
        ("doce", (None, "Ingresa el plazo en meses, solo con números.")),
        ("-3", (None, "Ingresa el plazo en meses, solo con números.")),
        ("2", (None, "El plazo debe ser de 3 a 60 meses.")),
        ("61", (None, "El plazo debe ser de 3 a 60 meses.")),
        (" 48 ", (48, None)),
    ],
)
def test_term_problems(typed: str, expected: tuple[int | None, str | None]) -> None:
    assert parse_term(offer("credito-consumo"), typed) == expected


def test_a_product_without_plazo_takes_none() -> None:
    cuenta = offer("cuenta-ahorros")
    assert parse_term(cuenta, "") == (None, None)
    assert parse_term(cuenta, "12") == (None, "Este producto no tiene plazo.")
