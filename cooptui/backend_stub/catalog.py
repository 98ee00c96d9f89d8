"""Contacto, Solicita tus productos and Ayuda as the core serves them."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from decimal import Decimal

from cooptui.backend.errors import Conflict, InvalidInput, NotFound
from cooptui.backend_stub.base import CoreBase, parse_ts, ts
from cooptui.backend_stub.content import CONTACT_CHANNELS, FAQ, PRODUCT_CATALOG
from cooptui.domain.catalog import (
    ContactChannel,
    FaqEntry,
    ProductOffer,
    ProductRequest,
    ProductRequestStatus,
)
from cooptui.domain.formatting import format_money
from cooptui.domain.money import from_cents, to_cents
from cooptui.domain.validators import (
    COMMENT_MAX_LENGTH,
    parse_amount,
    validate_phone,
    validate_text,
)


class CatalogMixin(CoreBase):
    def contact_channels(self) -> list[ContactChannel]:
        return list(CONTACT_CHANNELS)

    def faq(self) -> list[FaqEntry]:
        return list(FAQ)

    def product_catalog(self) -> list[ProductOffer]:
        return list(PRODUCT_CATALOG)

    def request_product(
        self,
        token: str | None,
        product_id: str,
        *,
        amount: str | None = None,
        term: int | None = None,
        comment: str = "",
        contact_phone: str,
        idempotency_key: str | None = None,
    ) -> ProductRequest:
        """One request per member and idempotency key: the lookup, the checks and the
        insert are one transaction, so concurrent retries cannot both insert."""
        with self.db.transaction() as conn:
            session = self._session(conn, token)  # no session, no request: checked first
            offer, value = self._checked_request(product_id, amount, term, comment, contact_phone)
            fields = (
                offer.id,
                to_cents(value) if value is not None else None,
                term,
                comment.strip(),
                contact_phone.strip(),
            )
            if idempotency_key:
                done = conn.execute(
                    "SELECT * FROM product_requests WHERE member_id = ? AND idempotency_key = ?",
                    (session.member_id, idempotency_key),
                ).fetchone()
                if done is not None:
                    stored = tuple(
                        done[c]
                        for c in ("product_id", "amount_cents", "term", "comment", "contact_phone")
                    )
                    if stored != fields:  # not a retry: another request under a used key
                        raise Conflict(
                            f"Ya registramos la solicitud {done['reference']} con otros datos."
                            " Revísala en Mis solicitudes."
                        )
                    return self._row_model(done)  # a retried request is the same request
            now = self.now()
            reference = f"SOL-{self._next_seq(conn, 'product_request', 1001)}"
            conn.execute(
                "INSERT INTO product_requests (reference, member_id, product_id,"
                " amount_cents, term, comment, contact_phone, created_at, status,"
                " idempotency_key) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    reference,
                    session.member_id,
                    *fields,
                    ts(now),
                    ProductRequestStatus.RECEIVED.value,
                    idempotency_key or None,
                ),
            )
            self._email(
                conn,
                session.member_id,
                f"Solicitud {reference} recibida",
                f"Recibimos tu solicitud de {offer.name}. Un asesor te contactará al"
                f" {contact_phone.strip()} en un máximo de 48 horas laborables.",
            )
            return self._request_model(offer, reference, value, term, comment, contact_phone, now)

    @staticmethod
    def _checked_request(
        product_id: str, amount: str | None, term: int | None, comment: str, phone: str
    ) -> tuple[ProductOffer, Decimal | None]:
        """The offer and the parsed amount, or the first field the bank refuses."""
        offer = next((p for p in PRODUCT_CATALOG if p.id == product_id), None)
        if offer is None:
            raise NotFound("Ese producto no está disponible.")
        value = None
        if amount is not None and amount.strip():
            try:
                value = parse_amount(amount)
            except ValueError as exc:
                raise InvalidInput("amount", str(exc)) from exc
            if offer.min_amount is not None and value < offer.min_amount:
                raise InvalidInput(
                    "amount", f"El monto mínimo es {format_money(offer.min_amount)}."
                )
            if offer.max_amount is not None and value > offer.max_amount:
                raise InvalidInput(
                    "amount", f"El monto máximo es {format_money(offer.max_amount)}."
                )
        elif offer.min_amount is not None:
            raise InvalidInput("amount", "Ingresa el monto.")
        if value is not None and offer.min_amount is None and offer.max_amount is None:
            raise InvalidInput("amount", "Este producto no lleva monto.")
        if isinstance(term, bool) or (term is not None and not isinstance(term, int)):
            raise InvalidInput("term", "El plazo debe ser un número entero.")
        problem = offer.term_problem(term)
        if problem:
            raise InvalidInput("term", problem)
        problem = validate_phone(phone)
        if problem:
            raise InvalidInput("contact_phone", problem)
        problem = validate_text(comment, COMMENT_MAX_LENGTH)
        if problem:
            raise InvalidInput("comment", problem)
        return offer, value

    @staticmethod
    def _request_model(
        offer: ProductOffer,
        reference: str,
        value: object,
        term: int | None,
        comment: str,
        phone: str,
        created: datetime,
        status: str = ProductRequestStatus.RECEIVED.value,
    ) -> ProductRequest:
        return ProductRequest(
            reference=reference,
            product_id=offer.id,
            product_name=offer.name,
            amount=value,
            term=term,
            comment=comment.strip(),
            contact_phone=phone.strip(),
            created_at=created,
            status=ProductRequestStatus(status),
        )

    def _row_model(self, r: sqlite3.Row) -> ProductRequest:
        offer = next(p for p in PRODUCT_CATALOG if p.id == r["product_id"])
        return self._request_model(
            offer,
            r["reference"],
            from_cents(r["amount_cents"]) if r["amount_cents"] is not None else None,
            r["term"],
            r["comment"],
            r["contact_phone"],
            parse_ts(r["created_at"]),
            r["status"],
        )

    def product_requests(self, token: str | None) -> list[ProductRequest]:
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            return [
                self._row_model(r)
                for r in conn.execute(
                    "SELECT * FROM product_requests WHERE member_id = ? ORDER BY id DESC",
                    (session.member_id,),
                )
            ]
