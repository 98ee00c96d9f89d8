"""The credit card on the clock: statements close at each cut-off, as a card issuer's do.

When the clock passes a card's cut-off date (fecha de corte, day `cut_day` of every
month), `Core.tick` closes that cycle, one cut-off after another if the clock jumped:

1. every active deferral bills its next installment, capital and interest exactly as
   `deferral.quote_deferral` listed them for that installment number when the member
   simulated it (capital TC_DIF -> TC_ROT, interest -> INTEREST_INCOME);
2. the previous statement, if it was not paid in full by its Fecha máxima de pago,
   charges interest on its capital overdue day by day (`accrued_cent_days`,
   `statement_interest_cents`), and on the capital the statement before it left overdue;
3. the new statement is written from the card's TC_ROT postings of the cycle, its
   minimum payment (`minimum_payment_cents`) and due date (`statement_due_date`) are
   copied to the card, and the member gets an e-mail.

Every figure is a sum of ledger postings, so a statement's balance is the revolving used
at its closing moment, to the cent. docs/architecture.md states the rules and the
regulation they simplify.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from cooptui.backend_stub import ledger
from cooptui.backend_stub.base import parse_ts, ts
from cooptui.backend_stub.card_base import CardBaseMixin
from cooptui.backend_stub.clock import ECUADOR_TZ
from cooptui.backend_stub.deferral import booked_quote
from cooptui.backend_stub.ledger import Posting
from cooptui.domain.calendar import add_months, roll_forward
from cooptui.domain.cards import CardKind, CardStatement, StatementStatus
from cooptui.domain.formatting import format_date, format_money
from cooptui.domain.money import from_cents, to_cents

__all__ = [
    "CARD_ANNUAL_RATE",
    "CLOSING_TIME",
    "GRACE_DAYS",
    "LATE_SURCHARGE",
    "MINIMUM_SHARE",
    "CardCycleMixin",
    "Credit",
    "accrued_cent_days",
    "apply_to_statement",
    "capital_unpaid",
    "closing_moment",
    "last_statement",
    "minimum_payment_cents",
    "next_cut_off",
    "open_first_statement",
    "statement_credits",
    "statement_due_date",
    "statement_interest_cents",
    "unpaid_interest_cents",
]

GRACE_DAYS = 13
"""Fecha máxima de pago = cut-off + 13 days, moved to the next business day."""

CLOSING_TIME = time(23, 59, 59)
"""A cut-off day belongs to its cycle: the statement counts postings up to this time."""

CARD_ANNUAL_RATE = Decimal("0.1611")
"""Nominal annual rate on revolving capital unpaid after the due date (actual/360)."""

LATE_SURCHARGE = Decimal("0.10")
"""Mora: 10 % of the rate, on the part of the minimum payment left unpaid by the due date."""

MINIMUM_SHARE = Decimal("0.10")
"""The minimum payment takes 10 % of the balance that is neither installments nor interest."""

_DAYS_YEAR = Decimal(360)

# Journal-entry kinds posted on a card's TC_ROT account, by statement line.
_PAYMENT_KINDS = frozenset({"card_payment"})
_DEFERRAL_KINDS = frozenset({"card_deferral"})
_INSTALLMENT_KINDS = frozenset({"card_installment"})
_INTEREST_KINDS = frozenset({"card_interest", "card_late_interest"})


# --------------------------------------------------------------------------- pure rules


def closing_moment(closed_on: date) -> datetime:
    """The last second of a cut-off day (Ecuador time): the end of its cycle."""
    return datetime.combine(closed_on, CLOSING_TIME, ECUADOR_TZ)


def statement_due_date(closed_on: date) -> date:
    """Fecha máxima de pago: 13 days after the cut-off, on a business day."""
    return roll_forward(closed_on + timedelta(days=GRACE_DAYS))


def _cents_of(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def minimum_payment_cents(balance: int, installments: int, interest: int) -> int:
    """Pago mínimo: installments billed + interest + 10 % of the rest, at most the balance.

    All in cents; the 10 % is rounded half up to the cent. Nothing is due on a balance
    of zero or in the member's favour.
    """
    if balance <= 0:
        return 0
    rest = max(balance - installments - interest, 0)
    return min(balance, installments + interest + _cents_of(Decimal(rest) * MINIMUM_SHARE))


def statement_interest_cents(capital_cent_days: int, late_cent_days: int) -> tuple[int, int]:
    """(interest, of which mora) a cut-off charges, from the day-by-day sums.

    `capital_cent_days` = Σ over the days charged of the capital overdue that day (cents),
    `late_cent_days` = Σ of the part of it that is an unpaid Pago mínimo. interest =
    capital_cent_days × 16.11 % / 360 and mora = late_cent_days × 16.11 % × 10 % / 360,
    each rounded half up to the cent once per statement. Only capital bears interest:
    interest already charged never does (no anatocismo).
    """
    if capital_cent_days <= 0:
        return 0, 0
    financing = _cents_of(Decimal(capital_cent_days) * CARD_ANNUAL_RATE / _DAYS_YEAR)
    late_base = min(max(late_cent_days, 0), capital_cent_days)
    late = _cents_of(Decimal(late_base) * CARD_ANNUAL_RATE * LATE_SURCHARGE / _DAYS_YEAR)
    return financing + late, late


@dataclass(frozen=True)
class Credit:
    """What one payment or deferral counted towards a statement (cents)."""

    at: datetime
    payment: int
    deferred: int


def capital_unpaid(statement: sqlite3.Row, payments: int, deferred: int) -> int:
    """A statement's capital still unpaid after `payments` and `deferred` towards it.

    Payments settle the statement's interest first, then its capital (imputación del
    pago); a deferral takes capital only (interest cannot be deferred).
    """
    owed_interest = statement["interest_owed_cents"]
    capital = statement["balance_cents"] - owed_interest
    return max(capital - deferred - max(payments - owed_interest, 0), 0)


def deferral_takes(
    conn: sqlite3.Connection, deferral: sqlite3.Row, statement: sqlite3.Row, unpaid: int
) -> int:
    """What a deferral takes from a statement whose capital unpaid is `unpaid`.

    Purchases: the chosen ones posted up to the statement's closing; the revolving
    balance: its principal (oldest debt first). Never more than the capital unpaid.
    """
    if deferral["target"] == "transactions":
        closed_at = parse_ts(statement["closed_at"])
        taken = sum(
            r["amount_cents"]
            for r in conn.execute(
                "SELECT posted_at, amount_cents FROM card_transactions WHERE deferral_id = ?",
                (deferral["id"],),
            )
            if parse_ts(r["posted_at"]) <= closed_at
        )
    else:
        taken = deferral["principal_cents"]
    return max(min(taken, unpaid), 0)


def statement_credits(
    conn: sqlite3.Connection, card: sqlite3.Row, statement: sqlite3.Row, end: datetime
) -> list[Credit]:
    """Every payment and deferral booked after `statement` closed (until `end`), in order,
    with what each counted towards it: everything booked then counts towards the card's
    latest statement. Replayed from the ledger, so the accrual can see each one's day."""
    start = parse_ts(statement["closed_at"])
    booked = conn.execute(
        "SELECT * FROM deferrals WHERE card_id = ? ORDER BY id", (card["id"],)
    ).fetchall()
    plans = iter([d for d in booked if start < parse_ts(d["created_at"]) <= end])
    payments = deferred = 0
    out: list[Credit] = []
    for r in conn.execute(
        "SELECT p.amount_cents, e.kind, e.created_at FROM postings p"
        " JOIN journal_entries e ON e.id = p.entry_id WHERE p.account_id = ?"
        " AND e.kind IN ('card_payment', 'card_deferral') ORDER BY e.id",
        (card["revolving_id"],),
    ).fetchall():
        at = parse_ts(r["created_at"])
        if not start < at <= end:
            continue
        if r["kind"] in _PAYMENT_KINDS:
            payments += r["amount_cents"]
            out.append(Credit(at, r["amount_cents"], 0))
            continue
        plan = next(plans, None)  # booked with its entry, in the same order
        if plan is None:
            continue
        took = deferral_takes(conn, plan, statement, capital_unpaid(statement, payments, deferred))
        deferred += took
        out.append(Credit(at, 0, took))
    return out


def accrued_cent_days(
    statement: sqlite3.Row,
    credits: Sequence[Credit],
    cut: date,
    carried: int = 0,
    carried_minimum: int = 0,
) -> tuple[int, int]:
    """(Σ capital overdue, Σ unpaid minimum on it), in cent-days, from the day after
    `statement`'s cut-off through `cut` (the cut-off that charges them).

    A day counts what was still unpaid when it began (a payment on day t stops the
    accrual from day t + 1). Until the statement's due date only `carried` is overdue
    (capital the statement before it left unpaid, with `carried_minimum` of its Pago
    mínimo); from the day after the due date, all of the statement's capital unpaid, and
    its unpaid minimum adds to the one carried.
    """
    due = date.fromisoformat(statement["due_date"])
    capital = statement["balance_cents"] - statement["interest_owed_cents"]
    minimum = statement["minimum_payment_cents"]
    capital_days = late_days = payments = deferred = 0
    index = 0
    day = date.fromisoformat(statement["closed_on"]) + timedelta(days=1)
    while day <= cut:
        begins = datetime.combine(day, time(0), ECUADOR_TZ)
        while index < len(credits) and credits[index].at < begins:
            payments += credits[index].payment
            deferred += credits[index].deferred
            index += 1
        settled = capital - capital_unpaid(statement, payments, deferred)
        if day > due:
            overdue = max(capital - settled, 0)
            minimum_unpaid = carried_minimum + minimum - payments - deferred
        else:
            overdue = max(min(carried, capital) - settled, 0)
            minimum_unpaid = carried_minimum - payments - deferred
        capital_days += overdue
        late_days += min(max(minimum_unpaid, 0), overdue)
        day += timedelta(days=1)
    return capital_days, late_days


# --------------------------------------------------------------------------- statement rows


def last_statement(conn: sqlite3.Connection, card_id: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM card_statements WHERE card_id = ? ORDER BY closed_on DESC LIMIT 1",
        (card_id,),
    ).fetchone()


def _cut_day(conn: sqlite3.Connection, card_id: str) -> int:
    """The card's cut-off day of the month: that of its first statement."""
    row = conn.execute(
        "SELECT MIN(closed_on) AS first FROM card_statements WHERE card_id = ?", (card_id,)
    ).fetchone()
    return date.fromisoformat(row["first"]).day


def next_cut_off(conn: sqlite3.Connection, card: sqlite3.Row, today: date) -> date:
    """The first cut-off the bank has not closed yet: the one that bills what comes next."""
    last = last_statement(conn, card["id"])
    if last is not None:
        return add_months(date.fromisoformat(last["closed_on"]), 1, _cut_day(conn, card["id"]))
    statement = date.fromisoformat(card["statement_date"])
    n = 0
    while (cut := add_months(statement, n, statement.day)) <= today:
        n += 1
    return cut


@dataclass(frozen=True)
class _Cycle:
    """The card's TC_ROT postings between two closings, by statement line (cents)."""

    payments: int
    purchases: int
    deferred: int
    installments: int
    interest: int


def _revolving_at(conn: sqlite3.Connection, rot_id: int, moment: datetime) -> int:
    """Utilizado rotativo at `moment`: minus the TC_ROT postings made until then."""
    return -sum(
        r["amount_cents"]
        for r in conn.execute(
            "SELECT p.amount_cents, e.created_at FROM postings p"
            " JOIN journal_entries e ON e.id = p.entry_id WHERE p.account_id = ?",
            (rot_id,),
        )
        if parse_ts(r["created_at"]) <= moment
    )


def _cycle(conn: sqlite3.Connection, rot_id: int, start: datetime, end: datetime) -> _Cycle:
    """Classify the TC_ROT postings of (start, end] by the kind of their journal entry."""
    payments = purchases = deferred = installments = interest = 0
    for r in conn.execute(
        "SELECT p.amount_cents, e.kind, e.created_at FROM postings p"
        " JOIN journal_entries e ON e.id = p.entry_id WHERE p.account_id = ?",
        (rot_id,),
    ):
        if not start < parse_ts(r["created_at"]) <= end:
            continue
        amount, kind = r["amount_cents"], r["kind"]
        if kind in _PAYMENT_KINDS:
            payments += amount
        elif kind in _DEFERRAL_KINDS:
            deferred += amount
        elif kind in _INSTALLMENT_KINDS:
            installments -= amount
        elif kind in _INTEREST_KINDS:
            interest -= amount
        else:  # purchases (and anything else that moves the revolving)
            purchases -= amount
    return _Cycle(payments, purchases, deferred, installments, interest)


def _paid_since(conn: sqlite3.Connection, rot_id: int, start: datetime, end: datetime) -> int:
    return _cycle(conn, rot_id, start, end).payments


def open_first_statement(conn: sqlite3.Connection, card: sqlite3.Row, now: datetime) -> None:
    """Write the statement the cards row describes, from the ledger, as the card's first.

    The seed calls it for the demo card; `Core.tick` for a card of a bank saved before
    statements existed. Its cut-off may still be ahead (the manual shows the 20/12/2024
    statement on 18/12/2024): it then counts as closed now, and the next cut-off closes
    the cycle after it. Payments made since its closing count as paid towards it.
    """
    closed_on = date.fromisoformat(card["statement_date"])
    due = date.fromisoformat(card["payment_due_date"])
    # Closed a second before `now`, so what is booked from now on is the next cycle's.
    closed_at = min(now - timedelta(seconds=1), closing_moment(closed_on))
    start = closing_moment(add_months(closed_on, -1))
    rot = card["revolving_id"]
    cycle = _cycle(conn, rot, start, closed_at)
    previous = _revolving_at(conn, rot, start)
    balance = _revolving_at(conn, rot, closed_at)
    paid = _paid_since(conn, rot, closed_at, now)
    paid_by_due = _paid_since(conn, rot, closed_at, min(now, closing_moment(due)))
    conn.execute(
        "INSERT INTO card_statements (card_id, period_start, closed_on, closed_at, due_date,"
        " previous_balance_cents, payments_cents, purchases_cents, deferred_cents,"
        " installments_cents, installment_interest_cents, interest_cents, late_interest_cents,"
        " interest_owed_cents, balance_cents, minimum_payment_cents, paid_cents,"
        " paid_by_due_cents) VALUES (?,?,?,?,?,?,?,?,?,?,0,?,0,?,?,?,?,?)",
        (
            card["id"],
            (start.date() + timedelta(days=1)).isoformat(),
            closed_on.isoformat(),
            ts(closed_at),
            due.isoformat(),
            previous,
            cycle.payments,
            cycle.purchases,
            cycle.deferred,
            cycle.installments,
            cycle.interest,
            min(cycle.interest, max(balance, 0)),
            balance,
            min(card["minimum_payment_cents"], max(balance, 0)),
            paid,
            paid_by_due,
        ),
    )


def apply_to_statement(conn: sqlite3.Connection, card_id: str, cents: int, today: date) -> None:
    """Count `cents` paid (or deferred) now towards the card's latest statement and the
    Pago mínimo the card shows; by its due date, they also spare interest and mora."""
    if cents <= 0:
        return
    conn.execute(
        "UPDATE cards SET minimum_payment_cents = MAX(minimum_payment_cents - ?, 0) WHERE id = ?",
        (cents, card_id),
    )
    last = last_statement(conn, card_id)
    if last is None:
        return
    by_due = cents if today <= date.fromisoformat(last["due_date"]) else 0
    conn.execute(
        "UPDATE card_statements SET paid_cents = paid_cents + ?,"
        " paid_by_due_cents = paid_by_due_cents + ? WHERE id = ?",
        (cents, by_due, last["id"]),
    )


def unpaid_interest_cents(conn: sqlite3.Connection, card: sqlite3.Row, now: datetime) -> int:
    """Interest billed on the card's latest statement (and carried into it) not paid yet:
    payments since its closing settle it first. It is in the revolving balance but can
    never be deferred (Código Civil art. 2113: no interest on interest)."""
    last = last_statement(conn, card["id"])
    if last is None:
        return 0
    paid = _paid_since(conn, card["revolving_id"], parse_ts(last["closed_at"]), now)
    return max(last["interest_owed_cents"] - paid, 0)


def _statement_status(row: sqlite3.Row, today: date) -> StatementStatus:
    balance = row["balance_cents"]
    if balance <= 0 or row["paid_cents"] >= balance:
        return StatementStatus.PAID
    if today > date.fromisoformat(row["due_date"]):
        return StatementStatus.OVERDUE
    return StatementStatus.PENDING


def _statement_model(row: sqlite3.Row, today: date) -> CardStatement:
    balance = row["balance_cents"]
    return CardStatement(
        card_id=row["card_id"],
        period_start=date.fromisoformat(row["period_start"]),
        closed_on=date.fromisoformat(row["closed_on"]),
        due_date=date.fromisoformat(row["due_date"]),
        previous_balance=from_cents(row["previous_balance_cents"]),
        payments=from_cents(row["payments_cents"]),
        purchases=from_cents(row["purchases_cents"]),
        deferred=from_cents(row["deferred_cents"]),
        installments=from_cents(row["installments_cents"]),
        interest=from_cents(row["interest_cents"]),
        late_interest=from_cents(row["late_interest_cents"]),
        balance=from_cents(balance),
        minimum_payment=from_cents(row["minimum_payment_cents"]),
        paid=from_cents(min(row["paid_cents"], max(balance, 0))),
        status=_statement_status(row, today),
    )


# --------------------------------------------------------------------------- the mixin


class CardCycleMixin(CardBaseMixin):
    """Statements: closing them as the clock passes cut-offs, and reading them."""

    def card_statements(self, token: str | None, card_id: str) -> list[CardStatement]:
        """A credit card's closed statements (estados de cuenta), newest first."""
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            card = self._card_row(conn, session.member_id, card_id, CardKind.CREDIT)
            today = self.now().date()
            return [
                _statement_model(r, today)
                for r in conn.execute(
                    "SELECT * FROM card_statements WHERE card_id = ? ORDER BY closed_on DESC",
                    (card["id"],),
                ).fetchall()
            ]

    # -- closing ---------------------------------------------------------------------------
    def _close_card_statements(self, conn: sqlite3.Connection) -> None:
        """Close every cut-off the clock has passed, for every credit card, oldest first."""
        for card in conn.execute(
            "SELECT * FROM cards WHERE kind = 'credit' ORDER BY id"
        ).fetchall():
            self._close_card_cycles(conn, card)

    def _close_card_cycles(self, conn: sqlite3.Connection, card: sqlite3.Row) -> None:
        now = self.now()
        today = now.date()
        if last_statement(conn, card["id"]) is None:
            open_first_statement(conn, card, now)
        while (cut := next_cut_off(conn, card, today)) < today:
            self._close_statement(conn, card, cut)

    def _close_statement(self, conn: sqlite3.Connection, card: sqlite3.Row, cut: date) -> None:
        """Close the cycle ending on `cut`: installments, interest, statement, e-mail."""
        previous = last_statement(conn, card["id"])
        assert previous is not None
        closed_at = closing_moment(cut)
        next_cut = add_months(cut, 1, _cut_day(conn, card["id"]))
        installment_interest = self._bill_installments(conn, card, cut, closed_at, next_cut)
        late = self._charge_interest(conn, card, previous, cut, closed_at)
        rot = card["revolving_id"]
        cycle = _cycle(conn, rot, parse_ts(previous["closed_at"]), closed_at)
        balance = _revolving_at(conn, rot, closed_at)
        expected = (
            previous["balance_cents"]
            - cycle.payments
            + cycle.purchases
            - cycle.deferred
            + cycle.installments
            + cycle.interest
        )
        if balance != expected:
            raise ledger.LedgerError(f"estado de cuenta descuadrado: {card['id']} {cut}")
        carried = max(previous["interest_owed_cents"] - cycle.payments, 0)
        interest_owed = min(carried + cycle.interest + installment_interest, max(balance, 0))
        minimum = minimum_payment_cents(balance, cycle.installments, cycle.interest)
        due = statement_due_date(cut)
        conn.execute(
            "INSERT INTO card_statements (card_id, period_start, closed_on, closed_at, due_date,"
            " previous_balance_cents, payments_cents, purchases_cents, deferred_cents,"
            " installments_cents, installment_interest_cents, interest_cents,"
            " late_interest_cents, interest_owed_cents, balance_cents, minimum_payment_cents)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                card["id"],
                (date.fromisoformat(previous["closed_on"]) + timedelta(days=1)).isoformat(),
                cut.isoformat(),
                ts(closed_at),
                due.isoformat(),
                previous["balance_cents"],
                cycle.payments,
                cycle.purchases,
                cycle.deferred,
                cycle.installments,
                installment_interest,
                cycle.interest,
                late,
                interest_owed,
                balance,
                minimum,
            ),
        )
        conn.execute(
            "UPDATE cards SET statement_date = ?, payment_due_date = ?,"
            " statement_balance_cents = ?, minimum_payment_cents = ? WHERE id = ?",
            (cut.isoformat(), due.isoformat(), balance, minimum, card["id"]),
        )
        self._email(
            conn,
            card["member_id"],
            "Estado de cuenta de tu tarjeta de crédito",
            "\n".join(
                [
                    f"Tu estado de cuenta de la tarjeta {card['brand']} {card['masked_number']}"
                    f" con fecha de corte {format_date(cut)} ya está disponible.",
                    f"Saldo del estado de cuenta: {format_money(from_cents(balance))}",
                    f"Pago mínimo: {format_money(from_cents(minimum))}",
                    f"Fecha máxima de pago: {format_date(due)}",
                    "Paga a tiempo desde Cooprogreso en Línea, en Pago de Tarjetas.",
                ]
            ),
        )

    def _bill_installments(
        self,
        conn: sqlite3.Connection,
        card: sqlite3.Row,
        cut: date,
        closed_at: datetime,
        next_cut: date,
    ) -> int:
        """Bill the next installment of each active deferral; returns the interest billed."""
        interest_billed = 0
        income = ledger.internal_account(conn, "INTEREST_INCOME")
        for d in conn.execute(
            "SELECT * FROM deferrals WHERE card_id = ? AND installments_paid < months"
            " AND next_due <= ? ORDER BY created_at, id",
            (card["id"], cut.isoformat()),
        ).fetchall():
            number = d["installments_paid"] + 1
            # The plan as booked: a later change of the minimum or the terms never stops it.
            quote = booked_quote(
                from_cents(d["principal_cents"]), d["months"], Decimal(d["annual_rate"])
            )
            _, capital_dec, interest_dec, _ = quote.schedule[number - 1]
            capital = to_cents(capital_dec)
            if number == d["months"]:
                capital = d["remaining_cents"]  # the last one clears what is left
            capital = min(capital, d["remaining_cents"])
            interest = to_cents(interest_dec)
            text = f"CUOTA {number}/{d['months']} {d['description']}"
            ledger.post_entry(
                conn,
                created_at=closed_at,
                kind="card_installment",
                reference=self._reference(conn),
                description=text,
                postings=[
                    Posting(card["deferred_id"], capital, text),
                    Posting(card["revolving_id"], -(capital + interest), text),
                    Posting(income, interest, text),
                ],
            )
            conn.execute(
                "UPDATE deferrals SET installments_paid = ?, remaining_cents = ?, next_due = ?"
                " WHERE id = ?",
                (number, d["remaining_cents"] - capital, next_cut.isoformat(), d["id"]),
            )
            interest_billed += interest
        return interest_billed

    def _charge_interest(
        self,
        conn: sqlite3.Connection,
        card: sqlite3.Row,
        previous: sqlite3.Row,
        cut: date,
        closed_at: datetime,
    ) -> int:
        """Interest and mora, day by day, on the capital overdue since the last cut-off.

        That is the previous statement's capital from the day after its due date and the
        capital the statement before it left unpaid from the last cut-off on, each until
        it is paid (`accrued_cent_days`). Returns the mora part. Payments settle interest
        first, then capital (imputación del pago), so only capital ever bears interest.
        """
        carried = carried_minimum = 0
        before = conn.execute(
            "SELECT * FROM card_statements WHERE card_id = ? AND closed_on < ?"
            " ORDER BY closed_on DESC LIMIT 1",
            (card["id"], previous["closed_on"]),
        ).fetchone()
        if before is not None:
            earlier = statement_credits(conn, card, before, parse_ts(previous["closed_at"]))
            payments = sum(c.payment for c in earlier)
            deferred = sum(c.deferred for c in earlier)
            carried = capital_unpaid(before, payments, deferred)
            carried_minimum = max(before["minimum_payment_cents"] - payments - deferred, 0)
        credits = statement_credits(conn, card, previous, closed_at)
        capital_days, late_days = accrued_cent_days(
            previous, credits, cut, carried, carried_minimum
        )
        interest, late = statement_interest_cents(capital_days, late_days)
        income = ledger.internal_account(conn, "INTEREST_INCOME")
        for kind, cents, text in (
            ("card_interest", interest - late, "INTERESES POR FINANCIAMIENTO"),
            ("card_late_interest", late, "INTERESES DE MORA"),
        ):
            if cents:
                ledger.post_entry(
                    conn,
                    created_at=closed_at,
                    kind=kind,
                    reference=self._reference(conn),
                    description=f"{text} CORTE {format_date(cut)}",
                    postings=[
                        Posting(card["revolving_id"], -cents, text),
                        Posting(income, cents, text),
                    ],
                )
        return late
