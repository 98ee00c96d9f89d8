"""Card PINs: changing one with the current PIN (three wrong ones block the card) and
recovering a forgotten one as a temporary PIN sent by e-mail."""

from __future__ import annotations

import secrets
import sqlite3
from typing import NoReturn

from cooptui.backend.errors import Conflict, InvalidInput, attempts_phrase
from cooptui.backend_stub.base import Session
from cooptui.backend_stub.card_base import CardBaseMixin
from cooptui.backend_stub.challenges import ExecContext, Prepared, summary_receipt
from cooptui.backend_stub.db import DeferredError
from cooptui.backend_stub.secrets import PIN_N, fingerprint, hash_secret, verify_secret
from cooptui.domain.cards import CardKind
from cooptui.domain.formatting import format_date, format_datetime, long_date_es, time_12h
from cooptui.domain.operations import PinChangeOrder, Receipt
from cooptui.domain.validators import validate_pin

PIN_RECOVERY_MESSAGE = (
    "Estimado usuario hemos enviado una clave temporal a su correo electrónico registrado."
)
_CARD_LABEL = {CardKind.DEBIT: "débito", CardKind.CREDIT: "crédito"}
_CARD_TYPE_MAIL = {CardKind.DEBIT: "DEBITO", CardKind.CREDIT: "CREDITO"}
MAX_PIN_FAILURES = 3  # wrong current PINs in a row before the card is blocked


def temporary_pin() -> str:
    """A random 4-digit PIN that `validate_pin` accepts (no 1111, 1234, 9876...)."""
    while True:
        pin = f"{secrets.randbelow(10_000):04d}"
        if validate_pin(pin) is None:
            return pin


class CardPinsMixin(CardBaseMixin):
    """PIN change (two-phase, OTP) and PIN recovery of debit and credit cards."""

    # -- PIN change ----------------------------------------------------------------------------
    def _pin_failed(self, conn: sqlite3.Connection, card: sqlite3.Row) -> NoReturn:
        """Count a wrong current PIN; the third in a row blocks the card (no guessing)."""
        failures = card["pin_failures"] + 1
        if failures >= MAX_PIN_FAILURES:
            conn.execute(
                "UPDATE cards SET pin_failures = ?, status = 'Bloqueada' WHERE id = ?",
                (failures, card["id"]),
            )
            self._email(
                conn,
                card["member_id"],
                "Tarjeta bloqueada",
                f"Tu tarjeta {card['masked_number']} fue bloqueada por {MAX_PIN_FAILURES} intentos"
                " fallidos de clave. Comunícate con nuestro Call Center para desbloquearla.",
            )
            raise DeferredError(
                InvalidInput(
                    "current_pin",
                    "Tu tarjeta fue bloqueada por intentos fallidos. Llama al Call Center.",
                )
            )
        conn.execute("UPDATE cards SET pin_failures = ? WHERE id = ?", (failures, card["id"]))
        left = MAX_PIN_FAILURES - failures
        raise DeferredError(
            InvalidInput(
                "current_pin",
                f"La clave anterior es incorrecta. {attempts_phrase(left)}",
            )
        )

    def _prepare_pin_change(
        self, conn: sqlite3.Connection, session: Session, order: PinChangeOrder
    ) -> Prepared:
        card = self._card_row(conn, session.member_id, order.card_id, order.card_kind)
        self._require_active(card)
        current = order.current_pin.get_secret_value()
        new = order.new_pin.get_secret_value()
        if not verify_secret(current, card["pin_hash"], pepper=self.pepper):
            self._pin_failed(conn, card)
        conn.execute("UPDATE cards SET pin_failures = 0 WHERE id = ?", (card["id"],))
        problem = validate_pin(new)
        if problem:
            raise InvalidInput("new_pin", problem)
        if new == current:
            raise InvalidInput("new_pin", "La nueva clave debe ser distinta de la anterior.")
        return Prepared(
            title=f"Cambio de clave de tarjeta de {_CARD_LABEL[order.card_kind]}",
            lines=[("Tarjeta", f"{card['brand']} {card['masked_number']}")],
            stored={
                "card_id": card["id"],
                "card_kind": order.card_kind.value,
                "pin_hash": hash_secret(new, n=min(self.scrypt_n, PIN_N), pepper=self.pepper),
                # Detects a PIN changed (or recovered) between begin and confirm.
                "old_pin_fp": fingerprint(card["pin_hash"]),
            },
            member_id=session.member_id,
        )

    def _execute_pin_change(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        s = ctx.stored
        card = self._card_row(conn, ctx.member_id, s["card_id"], s["card_kind"])
        self._require_active(card)
        if fingerprint(card["pin_hash"]) != s["old_pin_fp"]:
            raise Conflict("La clave de la tarjeta cambió. Solicita el cambio nuevamente.")
        now = self.now()
        conn.execute(
            "UPDATE cards SET pin_hash = ?, pin_temporary = 0 WHERE id = ?",
            (s["pin_hash"], card["id"]),
        )
        self._email(
            conn,
            ctx.member_id,
            "Cambio de clave de tarjeta",
            f"La clave de tu tarjeta {card['brand']} {card['masked_number']} se cambió el"
            f" {format_datetime(now)}. Si no fuiste tú, comunícate de inmediato con nuestro"
            " Call Center.",
        )
        return summary_receipt(
            ctx,
            reference=self._reference(conn),
            at=now,
            message="La clave de tu tarjeta fue cambiada.",
        )

    # -- PIN recovery --------------------------------------------------------------------------
    def recover_card_pin(self, token: str | None, card_kind: CardKind, card_id: str) -> str:
        """Set a temporary PIN on the card and e-mail it (no OTP: the member only accepts)."""
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            card = self._card_row(conn, session.member_id, card_id, card_kind)
            kind = CardKind(card["kind"])
            self._require_active(card)
            pin = temporary_pin()
            conn.execute(
                "UPDATE cards SET pin_hash = ?, pin_temporary = 1 WHERE id = ?",
                (hash_secret(pin, n=min(self.scrypt_n, PIN_N), pepper=self.pepper), card["id"]),
            )
            now = self.now()
            body = "\n".join(
                [
                    "GENERACION DE CLAVE",
                    f"Quito, {long_date_es(now)} Hora {time_12h(now)}",
                    f"Estimado(a): {card['short_name']}",
                    "Se ha generado su clave temporal para su tarjeta con el siguiente detalle:",
                    f"NÚMERO TARJETA: {card['masked_number']}",
                    f"TIPO DE TARJETA: {_CARD_TYPE_MAIL[kind]}",
                    f"FECHA: {format_date(now)}",
                    f"HORA: {now:%H:%M:%S}",
                    f"CLAVE TEMPORAL: {pin}",
                    "Recuerda cambiar tu clave a través de los canales digitales, Cooprogreso"
                    " en línea, Cooprogreso Móvil, o cajeros automáticos de Cooprogreso",
                    "Atentamente,",
                    "Cooprogreso, Cooperativa de Ahorro y Crédito.",
                ]
            )
            self._email(conn, session.member_id, "Generación de clave", body)
            return PIN_RECOVERY_MESSAGE
