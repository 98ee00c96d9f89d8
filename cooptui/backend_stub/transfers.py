"""Transfers of every kind, beneficiaries and daily limits (SPI posting: payouts.py)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from decimal import Decimal

from cooptui.backend.errors import (
    Conflict,
    InvalidInput,
    NotFound,
)
from cooptui.backend_stub import ledger, outbox
from cooptui.backend_stub.base import INSTITUTION_CODE, Session, parse_ts, ts
from cooptui.backend_stub.challenges import ExecContext, Prepared, summary_receipt
from cooptui.backend_stub.db import DeferredError
from cooptui.backend_stub.fees import DAILY_LIMIT_CENTS, transfer_fees
from cooptui.backend_stub.ledger import Posting
from cooptui.backend_stub.payouts import SETTLEMENT_TIME, PayoutsMixin, money_receipt
from cooptui.backend_stub.throttle import Limited, member_subjects
from cooptui.domain.auth import MessageChannel
from cooptui.domain.calendar import next_business_day
from cooptui.domain.formatting import format_money, mask_account
from cooptui.domain.money import from_cents, to_cents
from cooptui.domain.operations import (
    BeneficiaryOrder,
    InterbankTransferOrder,
    InternalTransferOrder,
    OwnTransferOrder,
    Receipt,
)
from cooptui.domain.transfers import (
    BankAccountType,
    Beneficiary,
    BeneficiaryService,
    DailyLimit,
    FinancialInstitution,
    IdType,
    Transfer,
    TransferKind,
    TransferStatus,
)
from cooptui.domain.validators import (
    ALIAS_MAX_LENGTH,
    NAME_MAX_LENGTH,
    validate_account_number,
    validate_email,
    validate_identification,
    validate_text,
)


def _check_beneficiary_text(name: str, alias: str | None) -> None:
    """The name and alias rule of Nuevo Beneficiario and of Editar, in one place."""
    problems = {
        "name": validate_text(
            name, NAME_MAX_LENGTH, required="Ingresa el nombre del beneficiario."
        ),
        "alias": validate_text(alias or "", ALIAS_MAX_LENGTH),
    }
    for field, problem in problems.items():
        if problem:
            raise InvalidInput(field, problem)


def _money_lines(amount: int, commission: int, iva: int) -> list[tuple[str, str]]:
    return [
        ("Monto", format_money(from_cents(amount))),
        ("Comisión", format_money(from_cents(commission))),
        ("IVA", format_money(from_cents(iva))),
        ("Total", format_money(from_cents(amount + commission + iva))),
    ]


class TransfersMixin(PayoutsMixin):
    """Transfers of every kind, beneficiaries and the daily limits left."""

    # -- reference data ----------------------------------------------------------------
    def financial_institutions(self, token: str | None) -> list[FinancialInstitution]:
        with self.db.transaction() as conn:
            self._session(conn, token)
            return [
                FinancialInstitution(
                    code=r["code"], name=r["name"], immediate_credit=bool(r["immediate"])
                )
                for r in conn.execute(
                    "SELECT * FROM institutions ORDER BY code != ?, name", (INSTITUTION_CODE,)
                )
            ]

    def daily_limits(self, token: str | None) -> list[DailyLimit]:
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            out = []
            for kind, limit in DAILY_LIMIT_CENTS.items():
                used = self._used_today(conn, session.member_id, kind)
                out.append(
                    DailyLimit(
                        kind=TransferKind(kind),
                        limit=from_cents(limit),
                        used_today=from_cents(used),
                        remaining=from_cents(max(limit - used, 0)),
                    )
                )
            return out

    # -- own accounts ----------------------------------------------------------------------
    def _prepare_own_transfer(
        self, conn: sqlite3.Connection, session: Session, order: OwnTransferOrder
    ) -> Prepared:
        src = self._own_account(conn, session.member_id, order.from_account, debit=True)
        dst = self._own_account(conn, session.member_id, order.to_account, field="to_account")
        if src["id"] == dst["id"]:
            raise InvalidInput("to_account", "La cuenta destino debe ser distinta de la de origen.")
        amount = to_cents(order.amount)
        self._check_funds_and_limit(conn, session.member_id, src, "own", amount, amount)
        return Prepared(
            title="Transferencia a mis cuentas",
            lines=[
                ("Origen", mask_account(src["code"])),
                ("Destino", f"{dst['name']} {mask_account(dst['code'])}"),
                *_money_lines(amount, 0, 0),
                ("Referencia", order.reference or "-"),
            ],
            stored={
                "kind_": "own",
                "from_id": src["id"],
                "to_id": dst["id"],
                "amount": amount,
                "reference": order.reference,
            },
            member_id=session.member_id,
            amount=order.amount,
            commission=Decimal("0.00"),
            iva=Decimal("0.00"),
            total=order.amount,
            payee=f"{dst['name']} {mask_account(dst['code'])}",
        )

    def _execute_own_transfer(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        return self._execute_transfer(conn, ctx)

    # -- within the cooperative --------------------------------------------------------------
    def _beneficiary_row(
        self, conn: sqlite3.Connection, member_id: int, beneficiary_id: int, service: str
    ) -> sqlite3.Row:
        row = conn.execute(
            "SELECT b.*, i.name AS institution_name, i.immediate FROM beneficiaries b"
            " JOIN institutions i ON i.code = b.institution_code"
            " WHERE b.id = ? AND b.member_id = ? AND b.deleted_at IS NULL",
            (beneficiary_id, member_id),
        ).fetchone()
        if row is None or row["service"] != service:
            raise InvalidInput("beneficiary_id", "Selecciona un beneficiario válido.")
        return row

    def _prepare_internal_transfer(
        self, conn: sqlite3.Connection, session: Session, order: InternalTransferOrder
    ) -> Prepared:
        src = self._own_account(conn, session.member_id, order.from_account, debit=True)
        ben = self._beneficiary_row(conn, session.member_id, order.beneficiary_id, "internal")
        dst = conn.execute(
            "SELECT * FROM ledger_accounts WHERE code = ? AND product = 'AHO'",
            (ben["account_number"],),
        ).fetchone()
        if dst is None or dst["status"] != "ACTIVO":
            raise InvalidInput("beneficiary_id", "La cuenta del beneficiario no está activa.")
        self._check_email(order.notify_email, "notify_email")
        amount = to_cents(order.amount)
        self._check_funds_and_limit(conn, session.member_id, src, "internal", amount, amount)
        payee = f"{ben['name']} - AHO - No.{mask_account(ben['account_number'])}"
        return Prepared(
            title="Transferencia Cooprogreso",
            lines=[
                ("Origen", mask_account(src["code"])),
                ("Destino", payee),
                ("Institución", ben["institution_name"]),
                *_money_lines(amount, 0, 0),
                ("Referencia", order.reference or "-"),
            ],
            stored={
                "kind_": "internal",
                "from_id": src["id"],
                "to_id": dst["id"],
                "beneficiary_id": ben["id"],
                "amount": amount,
                "reference": order.reference,
                "notify_email": order.notify_email,
            },
            member_id=session.member_id,
            amount=order.amount,
            commission=Decimal("0.00"),
            iva=Decimal("0.00"),
            total=order.amount,
            payee=payee,
        )

    def _execute_internal_transfer(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        return self._execute_transfer(conn, ctx)

    # -- interbank ------------------------------------------------------------------------------
    def _prepare_interbank_transfer(
        self, conn: sqlite3.Connection, session: Session, order: InterbankTransferOrder
    ) -> Prepared:
        src = self._own_account(conn, session.member_id, order.from_account, debit=True)
        ben = self._beneficiary_row(conn, session.member_id, order.beneficiary_id, "interbank")
        self._check_email(order.notify_email, "notify_email")
        amount = to_cents(order.amount)
        commission, iva = transfer_fees("interbank")
        total = amount + commission + iva
        self._check_funds_and_limit(conn, session.member_id, src, "interbank", amount, total)
        payee = f"{ben['name']} - {ben['account_type']} - No.{mask_account(ben['account_number'])}"
        return Prepared(
            title="Transferencia interbancaria",
            lines=[
                ("Origen", mask_account(src["code"])),
                ("Destino", payee),
                ("Institución", ben["institution_name"]),
                *_money_lines(amount, commission, iva),
                ("Referencia", order.reference or "-"),
                (
                    "Acreditación",
                    "Inmediata" if ben["immediate"] else "Hasta 24 horas laborables",
                ),
            ],
            stored={
                "kind_": "interbank",
                "from_id": src["id"],
                "beneficiary_id": ben["id"],
                "amount": amount,
                "commission": commission,
                "iva": iva,
                "reference": order.reference,
                "notify_email": order.notify_email,
            },
            member_id=session.member_id,
            amount=order.amount,
            commission=from_cents(commission),
            iva=from_cents(iva),
            total=from_cents(total),
            payee=payee,
        )

    def _execute_interbank_transfer(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        return self._execute_transfer(conn, ctx)

    # -- execution shared by the three kinds ---------------------------------------------------
    def _execute_transfer(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        s = ctx.stored
        kind: str = s["kind_"]
        now = self.now()
        src = conn.execute("SELECT * FROM ledger_accounts WHERE id = ?", (s["from_id"],)).fetchone()
        amount, commission, iva = s["amount"], s.get("commission", 0), s.get("iva", 0)
        total = amount + commission + iva
        # Funds and limits may have changed since the challenge was issued.
        self._check_funds_and_limit(conn, ctx.member_id, src, kind, amount, total)
        ref = self._reference(conn)
        memo = s["reference"] or ""
        if kind == "own":
            dst = conn.execute(
                "SELECT * FROM ledger_accounts WHERE id = ?", (s["to_id"],)
            ).fetchone()
            to_account, to_name, institution = dst["code"], dst["name"], INSTITUTION_CODE
            immediate = True
        else:
            ben = self._beneficiary_row(conn, ctx.member_id, s["beneficiary_id"], kind)
            to_account, to_name, institution = (
                ben["account_number"],
                ben["name"],
                ben["institution_code"],
            )
            immediate = kind == "internal" or bool(ben["immediate"])
        status = "completed" if immediate else "pending"
        entry_id = hold_id = None
        settles_at: datetime | None = None
        if immediate:
            entry_id = self._post_transfer(
                conn,
                kind,
                ref,
                src["id"],
                s.get("to_id"),
                amount,
                commission,
                iva,
                to_name,
                memo,
                ctx.idempotency_key,
            )
        else:
            hold_id = ledger.place_hold(
                conn, src["id"], total, f"Transferencia interbancaria en proceso {ref}", now
            )
            settles_at = datetime.combine(
                next_business_day(now.date()), SETTLEMENT_TIME, now.tzinfo
            )
        conn.execute(
            "INSERT INTO transfers (reference, member_id, kind, from_account_id, to_account_id,"
            " to_account, to_name, institution_code, amount_cents, commission_cents, iva_cents,"
            " description, status, created_at, settles_at, settled_at, hold_id, entry_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                ref,
                ctx.member_id,
                kind,
                src["id"],
                s.get("to_id"),
                to_account,
                to_name,
                institution,
                amount,
                commission,
                iva,
                memo,
                status,
                ts(now),
                ts(settles_at) if settles_at else None,
                ts(now) if immediate else None,
                hold_id,
                entry_id,
            ),
        )
        if s.get("notify_email"):
            payer = self._member(conn, ctx.member_id)
            outbox.send(
                conn,
                member_id=None,
                channel=MessageChannel.EMAIL,
                to=s["notify_email"],
                subject="Has recibido una transferencia",
                body=f"{payer['full_name']} te transfirió {format_money(from_cents(amount))}"
                f" a tu cuenta {mask_account(to_account)}. Referencia: {ref}. {memo}".strip(),
                at=now,
            )
        return money_receipt(
            ctx, ref, now, amount, commission, iva, None if immediate else settles_at,
            "Transferencia",
        )  # fmt: skip

    def _post_transfer(
        self,
        conn: sqlite3.Connection,
        kind: str,
        ref: str,
        from_id: int,
        to_id: int | None,
        amount: int,
        commission: int,
        iva: int,
        to_name: str,
        memo: str,
        idempotency_key: str | None,
    ) -> int:
        if kind == "interbank":
            return self._post_spi(
                conn,
                "transfer",
                ref,
                from_id,
                amount,
                commission,
                iva,
                to_account="",
                to_name=to_name,
                memo=memo,
                idempotency_key=idempotency_key,
            )
        if kind == "internal":
            assert to_id is not None
            postings = [
                Posting(from_id, -amount, "ND TRANSFERENCIA PAGO DIRECTO"),
                Posting(to_id, amount, "NC TRANSFERENCIA PAGO DIRECTO"),
            ]
        else:
            assert to_id is not None
            postings = [
                Posting(from_id, -amount, "ND TRANSFERENCIA ENTRE CUENTAS PROPIAS"),
                Posting(to_id, amount, "NC TRANSFERENCIA ENTRE CUENTAS PROPIAS"),
            ]
        return ledger.post_entry(
            conn,
            created_at=self.now(),
            kind=f"transfer_{kind}",
            reference=ref,
            description=memo or f"Transferencia {ref}",
            postings=postings,
            idempotency_key=idempotency_key,
        )

    def transfers(self, token: str | None, status: TransferStatus | None = None) -> list[Transfer]:
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            rows = conn.execute(
                "SELECT t.*, a.code AS from_code, i.name AS institution_name FROM transfers t"
                " JOIN ledger_accounts a ON a.id = t.from_account_id"
                " JOIN institutions i ON i.code = t.institution_code"
                " WHERE t.member_id = ? AND t.purpose = 'transfer' AND (? IS NULL OR t.status = ?)"
                " ORDER BY t.id DESC",
                (session.member_id, status, status),
            ).fetchall()
            return [
                Transfer(
                    reference=r["reference"],
                    kind=TransferKind(r["kind"]),
                    created_at=parse_ts(r["created_at"]),
                    from_account=r["from_code"],
                    to_account=r["to_account"],
                    to_name=r["to_name"],
                    institution_name=r["institution_name"],
                    amount=from_cents(r["amount_cents"]),
                    commission=from_cents(r["commission_cents"]),
                    iva=from_cents(r["iva_cents"]),
                    status=TransferStatus(r["status"]),
                    settles_at=parse_ts(r["settles_at"]) if r["settles_at"] else None,
                    description=r["description"],
                )
                for r in rows
            ]

    # -- beneficiaries ----------------------------------------------------------------------
    @staticmethod
    def _check_email(email: str | None, field: str) -> None:
        if email:
            problem = validate_email(email)
            if problem:
                raise InvalidInput(field, problem)

    @staticmethod
    def _check_identification(id_type: IdType, identification: str) -> None:
        problem = validate_identification(id_type.value, identification)
        if problem:
            raise InvalidInput("identification", problem)

    def _beneficiary_model(self, r: sqlite3.Row) -> Beneficiary:
        return Beneficiary(
            id=r["id"],
            service=BeneficiaryService(r["service"]),
            name=r["name"],
            id_type=IdType(r["id_type"]),
            identification=r["identification"],
            institution_code=r["institution_code"],
            institution_name=r["institution_name"],
            account_type=BankAccountType(r["account_type"]),
            account_number=r["account_number"],
            email=r["email"],
            alias=r["alias"],
            created_at=parse_ts(r["created_at"]),
        )

    def beneficiaries(
        self,
        token: str | None,
        service: BeneficiaryService | None = None,
        name: str = "",
        identification: str = "",
    ) -> list[Beneficiary]:
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            rows = conn.execute(
                "SELECT b.*, i.name AS institution_name FROM beneficiaries b"
                " JOIN institutions i ON i.code = b.institution_code"
                " WHERE b.member_id = ? AND b.deleted_at IS NULL AND (? IS NULL OR b.service = ?)"
                " AND fold(b.name) LIKE fold(?) ESCAPE '\\' AND b.identification LIKE ? ESCAPE '\\'"
                " ORDER BY b.service, b.name COLLATE NOCASE, b.id",
                (
                    session.member_id,
                    service,
                    service,
                    f"%{_like(name.strip())}%",
                    f"{_like(identification.strip())}%",
                ),
            ).fetchall()
            return [self._beneficiary_model(r) for r in rows]

    def _prepare_beneficiary(
        self, conn: sqlite3.Connection, session: Session, order: BeneficiaryOrder
    ) -> Prepared:
        inst = conn.execute(
            "SELECT * FROM institutions WHERE code = ?", (order.institution_code,)
        ).fetchone()
        if inst is None:
            raise InvalidInput("institution_code", "Selecciona una institución financiera.")
        internal = order.service is BeneficiaryService.INTERNAL
        if internal != (inst["code"] == INSTITUTION_CODE):
            raise InvalidInput(
                "institution_code",
                "Para Transferencias Cooprogreso la institución es Cooprogreso."
                if internal
                else "Para Transferencias Interbancarias elige una institución distinta de Cooprogreso.",
            )
        _check_beneficiary_text(order.name, order.alias)
        number = order.account_number.strip()
        problem = validate_account_number(number)
        if problem:
            raise InvalidInput("account_number", problem)
        if internal:
            # Whether an account exists is itself information: lookups are rate-limited,
            # and one that finds nothing still counts (the refusal commits the count).
            self._throttle(
                conn, Limited.ACCOUNT_LOOKUP, member_subjects(session.member_id, session.token_hash)
            )
            target = conn.execute(
                "SELECT * FROM ledger_accounts WHERE code = ? AND product = 'AHO'", (number,)
            ).fetchone()
            if target is None:
                raise DeferredError(
                    InvalidInput(
                        "account_number",
                        "No existe una cuenta de ahorros Cooprogreso con ese número.",
                    )
                )
            if target["member_id"] == session.member_id:
                raise InvalidInput(
                    "account_number", "No puedes registrar tu propia cuenta como beneficiario."
                )
            if order.account_type is not BankAccountType.SAVINGS:
                raise InvalidInput("account_type", "Las cuentas Cooprogreso son de ahorros.")
        self._check_identification(order.id_type, order.identification.strip())
        self._check_email(order.email, "email")
        if conn.execute(
            "SELECT 1 FROM beneficiaries WHERE member_id = ? AND institution_code = ?"
            " AND account_number = ? AND deleted_at IS NULL",
            (session.member_id, inst["code"], number),
        ).fetchone():
            raise Conflict("Ya tienes registrado un beneficiario con esa cuenta.")
        stored = {
            "service": order.service.value,
            "institution_code": inst["code"],
            "account_type": order.account_type.value,
            "account_number": number,
            "name": order.name.strip(),
            "id_type": order.id_type.value,
            "identification": order.identification.strip().upper(),
            "email": order.email or None,
            "alias": order.alias or None,
        }
        return Prepared(
            title="Nuevo beneficiario",
            lines=[
                ("Servicio", order.service.label),
                ("Beneficiario", stored["name"]),
                ("Institución", inst["name"]),
                ("Cuenta", f"{order.account_type.label} {mask_account(number)}"),
                ("Identificación", f"{order.id_type.label} {stored['identification']}"),
            ],
            stored=stored,
            member_id=session.member_id,
            payee=stored["name"],
        )

    def _execute_beneficiary(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        s = ctx.stored
        now = self.now()
        if conn.execute(
            "SELECT 1 FROM beneficiaries WHERE member_id = ? AND institution_code = ?"
            " AND account_number = ? AND deleted_at IS NULL",
            (ctx.member_id, s["institution_code"], s["account_number"]),
        ).fetchone():
            raise Conflict("Ya tienes registrado un beneficiario con esa cuenta.")
        conn.execute(
            "INSERT INTO beneficiaries (member_id, service, institution_code, account_type,"
            " account_number, name, id_type, identification, email, alias, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                ctx.member_id,
                s["service"],
                s["institution_code"],
                s["account_type"],
                s["account_number"],
                s["name"],
                s["id_type"],
                s["identification"],
                s["email"],
                s["alias"],
                ts(now),
            ),
        )
        return summary_receipt(
            ctx,
            reference=self._reference(conn),
            at=now,
            message="El beneficiario quedó registrado.",
        )

    def update_beneficiary(
        self,
        token: str | None,
        beneficiary_id: int,
        *,
        name: str,
        id_type: IdType,
        identification: str,
        email: str | None = None,
        alias: str | None = None,
    ) -> Beneficiary:
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            row = conn.execute(
                "SELECT * FROM beneficiaries WHERE id = ? AND member_id = ? AND deleted_at IS NULL",
                (beneficiary_id, session.member_id),
            ).fetchone()
            if row is None:
                raise NotFound("No encontramos ese beneficiario.")
            _check_beneficiary_text(name, alias)
            name = name.strip()
            self._check_identification(id_type, identification.strip())
            self._check_email(email, "email")
            conn.execute(
                "UPDATE beneficiaries SET name = ?, id_type = ?, identification = ?, email = ?,"
                " alias = ? WHERE id = ?",
                (
                    name,
                    id_type.value,
                    identification.strip().upper(),
                    email or None,
                    alias or None,
                    beneficiary_id,
                ),
            )
            updated = conn.execute(
                "SELECT b.*, i.name AS institution_name FROM beneficiaries b"
                " JOIN institutions i ON i.code = b.institution_code WHERE b.id = ?",
                (beneficiary_id,),
            ).fetchone()
            return self._beneficiary_model(updated)

    def delete_beneficiary(self, token: str | None, beneficiary_id: int) -> None:
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            cur = conn.execute(
                "UPDATE beneficiaries SET deleted_at = ? WHERE id = ? AND member_id = ?"
                " AND deleted_at IS NULL",
                (ts(self.now()), beneficiary_id, session.member_id),
            )
            if cur.rowcount != 1:
                raise NotFound("No encontramos ese beneficiario.")


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
