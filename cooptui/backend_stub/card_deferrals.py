"""Diferido de tarjetas: quoting and booking deferrals of purchases or of the revolving
balance (the pure quote is `deferral.quote_deferral`), and the card's purchases."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from cooptui.backend.errors import Conflict, InvalidInput
from cooptui.backend_stub import ledger
from cooptui.backend_stub.base import Session, parse_ts, ts
from cooptui.backend_stub.card_base import CardBaseMixin
from cooptui.backend_stub.card_cycle import (
    apply_to_statement,
    last_statement,
    next_cut_off,
    statement_credits,
    unpaid_interest_cents,
)
from cooptui.backend_stub.challenges import ExecContext, Prepared, summary_receipt
from cooptui.backend_stub.deferral import (
    DEFERRAL_TERMS,
    MIN_DEFERRAL,
    DeferralQuote,
    deferral_rate,
    quote_deferral,
)
from cooptui.backend_stub.ledger import Posting
from cooptui.domain.cards import (
    CardKind,
    CardTransaction,
    Deferral,
    DeferralInstallment,
    DeferralSimulation,
    DeferralTarget,
)
from cooptui.domain.formatting import format_date, format_money, format_rate
from cooptui.domain.money import from_cents, to_cents
from cooptui.domain.operations import DeferralOrder, Receipt

DEFERRABLE_DAYS = 60
"""Only purchases of the last 60 days can be deferred one by one."""


@dataclass(frozen=True)
class _Plan:
    """A checked deferral: what would be deferred and its quote."""

    card: sqlite3.Row
    target: DeferralTarget
    transaction_ids: tuple[int, ...]
    principal: int
    quote: DeferralQuote
    annual_rate: Decimal


def _interest_message(interest: int, deferrable_max: int) -> str:
    return (
        f"Los intereses facturados ({format_money(from_cents(interest))}) no se pueden"
        f" diferir; puedes diferir hasta {format_money(from_cents(max(deferrable_max, 0)))}."
    )


class CardDeferralsMixin(CardBaseMixin):
    """Card purchases, deferral terms, simulations, deferral orders and booked plans."""

    # -- card transactions ---------------------------------------------------------------------
    def _deferrable_cents(self, conn: sqlite3.Connection, card_id: str) -> dict[int, int]:
        """Purchases that may be deferred (id -> cents): revolving, recent, ≥ the minimum."""
        cutoff = self.now() - timedelta(days=DEFERRABLE_DAYS)
        return {
            r["id"]: r["amount_cents"]
            for r in conn.execute(
                "SELECT id, posted_at, amount_cents FROM card_transactions"
                " WHERE card_id = ? AND deferral_id IS NULL AND amount_cents >= ?",
                (card_id, to_cents(MIN_DEFERRAL)),
            )
            if parse_ts(r["posted_at"]) >= cutoff
        }

    def card_transactions(
        self, token: str | None, card_id: str, deferrable_only: bool = False
    ) -> list[CardTransaction]:
        """A credit card's purchases, newest first."""
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            card = self._card_row(conn, session.member_id, card_id, CardKind.CREDIT)
            deferrable = self._deferrable_cents(conn, card["id"])
            out = []
            for r in conn.execute(
                "SELECT * FROM card_transactions WHERE card_id = ?"
                " ORDER BY posted_at DESC, id DESC",
                (card["id"],),
            ).fetchall():
                can_defer = r["id"] in deferrable
                if deferrable_only and not can_defer:
                    continue
                out.append(
                    CardTransaction(
                        id=r["id"],
                        card_id=r["card_id"],
                        posted_at=parse_ts(r["posted_at"]),
                        merchant=r["merchant"],
                        amount=from_cents(r["amount_cents"]),
                        deferrable=can_defer,
                        deferred=r["deferral_id"] is not None,
                    )
                )
            return out

    # -- deferrals -----------------------------------------------------------------------------
    def deferral_terms(self, token: str | None) -> list[int]:
        """The terms, in months, a deferral may take."""
        with self.db.transaction() as conn:
            self._session(conn, token)
            return list(DEFERRAL_TERMS)

    def _deferral_plan(
        self,
        conn: sqlite3.Connection,
        member_id: int,
        card_id: str,
        target: DeferralTarget | str,
        transaction_ids: Sequence[int],
        months: int,
        amount_cents: int | None = None,
    ) -> _Plan:
        """Every check of a deferral, and its quote; moves nothing but a due closing.

        Interest billed and not paid yet is part of the revolving balance but cannot be
        deferred (it would bear interest as principal: Código Civil art. 2113), so a
        deferral takes at most the revolving balance minus that interest.
        """
        card = self._card_row(conn, member_id, card_id, CardKind.CREDIT)
        # A cut-off the clock passed closes first: the figures are the new statement's.
        self._close_card_cycles(conn, card)
        card = self._card_row(conn, member_id, card_id, CardKind.CREDIT)
        self._require_active(card)
        try:
            target = DeferralTarget(target)
        except ValueError:
            raise InvalidInput("target", "Selecciona qué deseas diferir.") from None
        try:
            rate = deferral_rate(months)
        except ValueError as exc:
            raise InvalidInput("months", str(exc)) from None
        revolving = self._revolving_cents(conn, card)
        interest = min(unpaid_interest_cents(conn, card, self.now()), revolving)
        deferrable_max = revolving - interest
        if target is DeferralTarget.TRANSACTIONS:
            ids = tuple(dict.fromkeys(transaction_ids))
            if not ids:
                raise InvalidInput("transaction_ids", "Selecciona al menos una transacción.")
            deferrable = self._deferrable_cents(conn, card["id"])
            if any(i not in deferrable for i in ids):
                raise InvalidInput(
                    "transaction_ids",
                    "Alguna de las transacciones seleccionadas no se puede diferir.",
                )
            principal = sum(deferrable[i] for i in ids)
            if principal > revolving:
                raise InvalidInput(
                    "transaction_ids",
                    "El monto a diferir supera el saldo rotativo de la tarjeta"
                    f" ({format_money(from_cents(revolving))}).",
                )
            if principal > deferrable_max:
                raise InvalidInput("transaction_ids", _interest_message(interest, deferrable_max))
        else:
            ids = ()
            if from_cents(deferrable_max) < MIN_DEFERRAL:
                if interest:
                    raise InvalidInput(
                        "amount",
                        f"Los intereses facturados ({format_money(from_cents(interest))}) no"
                        " se pueden diferir; el saldo que puedes diferir"
                        f" ({format_money(from_cents(deferrable_max))}) es menor al monto"
                        f" mínimo para diferir ({format_money(MIN_DEFERRAL)}).",
                    )
                raise InvalidInput(
                    "amount",
                    f"El saldo rotativo ({format_money(from_cents(revolving))}) es menor al"
                    f" monto mínimo para diferir ({format_money(MIN_DEFERRAL)}).",
                )
            principal = deferrable_max if amount_cents is None else amount_cents
            if principal > revolving:
                raise InvalidInput(
                    "amount",
                    f"El monto supera tu saldo rotativo ({format_money(from_cents(revolving))}).",
                )
            if principal > deferrable_max:
                raise InvalidInput("amount", _interest_message(interest, deferrable_max))
            if from_cents(principal) < MIN_DEFERRAL:
                raise InvalidInput(
                    "amount",
                    f"El monto mínimo para diferir es {format_money(MIN_DEFERRAL)}.",
                )
        try:
            quote = quote_deferral(from_cents(principal), months)
        except ValueError as exc:
            raise InvalidInput("amount", str(exc)) from None
        return _Plan(card, target, ids, principal, quote, rate)

    @staticmethod
    def _simulation(plan: _Plan) -> DeferralSimulation:
        q = plan.quote
        return DeferralSimulation(
            card_id=plan.card["id"],
            target=plan.target,
            transaction_ids=plan.transaction_ids,
            principal=q.principal,
            months=q.months,
            annual_rate=plan.annual_rate,
            installment=q.installment,
            total_interest=q.total_interest,
            total=q.total,
            schedule=tuple(
                DeferralInstallment(
                    number=number,
                    capital=capital,
                    interest=interest,
                    total=capital + interest,
                    balance_after=balance,
                )
                for number, capital, interest, balance in q.schedule
            ),
        )

    def simulate_deferral(
        self,
        token: str | None,
        card_id: str,
        target: DeferralTarget,
        transaction_ids: tuple[int, ...],
        months: int,
        amount: Decimal | None = None,
    ) -> DeferralSimulation:
        """What deferring the chosen purchases (or the revolving balance) would cost."""
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            plan = self._deferral_plan(
                conn,
                session.member_id,
                card_id,
                target,
                transaction_ids,
                months,
                None if amount is None else to_cents(amount),
            )
            return self._simulation(plan)

    def _prepare_deferral(
        self, conn: sqlite3.Connection, session: Session, order: DeferralOrder
    ) -> Prepared:
        plan = self._deferral_plan(
            conn,
            session.member_id,
            order.card_id,
            order.target,
            order.transaction_ids,
            order.months,
            None if order.amount is None else to_cents(order.amount),
        )
        q = plan.quote
        card = plan.card
        return Prepared(
            title="Diferido de tarjeta de crédito",
            lines=[
                ("Tarjeta", f"{card['brand']} {card['masked_number']}"),
                ("Plazo (meses)", str(q.months)),
                ("Tasa", format_rate(plan.annual_rate * 100)),
                ("Cuota mensual", format_money(q.installment)),
                ("Total intereses", format_money(q.total_interest)),
            ],
            stored={
                "card_id": card["id"],
                "target": plan.target.value,
                "transaction_ids": list(plan.transaction_ids),
                "months": q.months,
                "principal": plan.principal,
                "amount": None if order.amount is None else plan.principal,
            },
            member_id=session.member_id,
            amount=q.principal,
            total=q.total,
        )

    def _execute_deferral(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        s = ctx.stored
        plan = self._deferral_plan(
            conn,
            ctx.member_id,
            s["card_id"],
            s["target"],
            s["transaction_ids"],
            s["months"],
            s.get("amount"),
        )
        if plan.principal != s["principal"]:
            raise Conflict("El saldo de la tarjeta cambió. Simula el diferido nuevamente.")
        card, q = plan.card, plan.quote
        now = self.now()
        ref = self._reference(conn)
        if plan.target is DeferralTarget.TRANSACTIONS:
            merchants = [
                r["merchant"]
                for r in conn.execute(
                    "SELECT merchant FROM card_transactions WHERE id IN"
                    f" ({','.join('?' * len(plan.transaction_ids))}) ORDER BY posted_at, id",
                    plan.transaction_ids,
                )
            ]
            what = merchants[0] if len(merchants) == 1 else f"{len(merchants)} CONSUMOS"
        else:
            what = "SALDO ROTATIVO"
        description = f"DIFERIDO {what} A {q.months} MESES"
        ledger.post_entry(
            conn,
            created_at=now,
            kind="card_deferral",
            reference=ref,
            description=description,
            postings=[
                Posting(card["revolving_id"], plan.principal, description),
                Posting(card["deferred_id"], -plan.principal, description),
            ],
            idempotency_key=ctx.idempotency_key,
        )
        next_due = next_cut_off(conn, card, now.date())
        cur = conn.execute(
            "INSERT INTO deferrals (card_id, created_at, description, target, principal_cents,"
            " months, annual_rate, installment_cents, installments_paid, remaining_cents, next_due)"
            " VALUES (?,?,?,?,?,?,?,?,0,?,?)",
            (
                card["id"],
                ts(now),
                description,
                plan.target.value,
                plan.principal,
                q.months,
                str(plan.annual_rate),
                to_cents(q.installment),
                plan.principal,
                next_due.isoformat(),
            ),
        )
        deferral_id = cur.lastrowid
        if plan.target is DeferralTarget.TRANSACTIONS:
            conn.executemany(
                "UPDATE card_transactions SET deferral_id = ? WHERE id = ? AND card_id = ?",
                [(deferral_id, i, card["id"]) for i in plan.transaction_ids],
            )
        else:
            self._mark_revolving_deferred(conn, card, int(deferral_id or 0), plan.principal)
        # What the deferral takes from the last statement counts as settled there (it is
        # paid in installments): the chosen purchases that statement billed, or for the
        # revolving balance its oldest debt; never more than the capital still unpaid.
        statement = last_statement(conn, card["id"])
        if statement is not None:
            credits = statement_credits(conn, card, statement, now)
            if credits and credits[-1].deferred:
                apply_to_statement(conn, card["id"], credits[-1].deferred, now.date())
        return summary_receipt(
            ctx,
            reference=ref,
            at=now,
            amount=q.principal,
            total=q.total,
            message=(
                f"Tu diferido quedó registrado. La primera cuota de {format_money(q.installment)}"
                f" se cobrará en tu estado de cuenta del {format_date(next_due)}."
            ),
        )

    def _mark_revolving_deferred(
        self, conn: sqlite3.Connection, card: sqlite3.Row, deferral_id: int, principal: int
    ) -> None:
        """Mark the purchases a deferral of the revolving balance took, so none is deferred
        twice: all of them when nothing revolving is left, else the oldest ones it covers
        in full (the rest stay deferrable one by one)."""
        everything = self._revolving_cents(conn, card) == 0
        covered = 0
        for r in conn.execute(
            "SELECT id, amount_cents FROM card_transactions WHERE card_id = ?"
            " AND deferral_id IS NULL ORDER BY posted_at, id",
            (card["id"],),
        ).fetchall():
            covered += r["amount_cents"]
            if not everything and covered > principal:
                break
            conn.execute(
                "UPDATE card_transactions SET deferral_id = ? WHERE id = ?", (deferral_id, r["id"])
            )

    def deferrals(self, token: str | None, card_id: str) -> list[Deferral]:
        """The deferral plans booked on a credit card, newest first."""
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            card = self._card_row(conn, session.member_id, card_id, CardKind.CREDIT)
            return [
                Deferral(
                    id=r["id"],
                    card_id=r["card_id"],
                    created_at=parse_ts(r["created_at"]),
                    description=r["description"],
                    principal=from_cents(r["principal_cents"]),
                    months=r["months"],
                    annual_rate=Decimal(r["annual_rate"]),
                    installment=from_cents(r["installment_cents"]),
                    remaining_principal=from_cents(r["remaining_cents"]),
                    installments_paid=r["installments_paid"],
                    next_due=date.fromisoformat(r["next_due"])
                    if r["installments_paid"] < r["months"]
                    else None,
                )
                for r in conn.execute(
                    "SELECT * FROM deferrals WHERE card_id = ? ORDER BY created_at DESC, id DESC",
                    (card["id"],),
                ).fetchall()
            ]
