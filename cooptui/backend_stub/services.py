"""Service payments: billers, bills, payments, scheduled payments and their scheduler."""

from __future__ import annotations

import re
import sqlite3
from calendar import monthrange
from datetime import date, timedelta

from cooptui.backend.errors import Conflict, InsufficientFunds, InvalidInput, NotFound
from cooptui.backend_stub import ledger
from cooptui.backend_stub.base import CoreBase, Session, parse_ts, ts
from cooptui.backend_stub.challenges import ExecContext, Prepared, summary_receipt
from cooptui.backend_stub.ledger import Posting
from cooptui.domain.dates import months_before
from cooptui.domain.formatting import format_date, format_money, mask_account
from cooptui.domain.money import from_cents, to_cents
from cooptui.domain.operations import (
    Receipt,
    ScheduledPaymentOrder,
    ServicePaymentOrder,
    ServiceRegistrationOrder,
)
from cooptui.domain.services import (
    Bill,
    Biller,
    Frequency,
    PaymentChannel,
    RegisteredService,
    ScheduledPayment,
    ScheduledPaymentStatus,
    ServiceCategory,
    ServicePayment,
)
from cooptui.domain.validators import ALIAS_MAX_LENGTH

HISTORY_MONTHS = 3
NO_BILLS = "No existen valores pendientes de pago para el código ingresado."
ALREADY_SCHEDULED = "Ya tienes un pago programado activo para este servicio."
TERMS_REQUIRED = "Debes aceptar los términos y condiciones."
ALREADY_REGISTERED = "Ya tienes registrado este servicio."
NOT_REGISTERED = "No encontramos ese servicio registrado."
SERVICE_REGISTERED = "Servicio registrado. Ya puedes pagarlo desde Registro de Servicios."


class ServicesMixin(CoreBase):
    def service_categories(self, token: str | None) -> list[ServiceCategory]:
        with self.db.transaction() as conn:
            self._session(conn, token)
            return [
                ServiceCategory(id=r["id"], name=r["name"])
                for r in conn.execute("SELECT * FROM categories ORDER BY position")
            ]

    @staticmethod
    def _biller_model(r: sqlite3.Row) -> Biller:
        return Biller(
            id=r["id"],
            category_id=r["category_id"],
            name=r["name"],
            code_label=r["code_label"],
            commission=from_cents(r["commission_cents"]),
        )

    def billers(self, token: str | None, category_id: str | None = None) -> list[Biller]:
        with self.db.transaction() as conn:
            self._session(conn, token)
            rows = conn.execute(
                "SELECT * FROM billers WHERE ? IS NULL OR category_id = ? ORDER BY name",
                (category_id, category_id),
            )
            return [self._biller_model(r) for r in rows]

    def _biller(self, conn: sqlite3.Connection, biller_id: str) -> sqlite3.Row:
        row = conn.execute("SELECT * FROM billers WHERE id = ?", (biller_id,)).fetchone()
        if row is None:
            raise InvalidInput("biller_id", "Selecciona una empresa.")
        return row

    def _check_code(self, biller: sqlite3.Row, code: str) -> str:
        code = code.strip()
        if not code:
            raise InvalidInput("service_code", f"Ingresa el {biller['code_label']}.")
        if not re.fullmatch(biller["code_pattern"], code):
            raise InvalidInput(
                "service_code", f"El {biller['code_label']} no tiene el formato correcto."
            )
        return code

    def _pending_bills(
        self, conn: sqlite3.Connection, biller: sqlite3.Row, code: str
    ) -> list[Bill]:
        holder = conn.execute(
            "SELECT holder_name FROM service_accounts WHERE biller_id = ? AND service_code = ?",
            (biller["id"], code),
        ).fetchone()
        rows = conn.execute(
            "SELECT * FROM bills WHERE biller_id = ? AND service_code = ? AND paid_at IS NULL"
            " ORDER BY period",
            (biller["id"], code),
        ).fetchall()
        return [
            Bill(
                id=r["id"],
                biller_id=r["biller_id"],
                service_code=code,
                receipt_number=r["receipt_number"],
                holder_name=holder["holder_name"] if holder else "",
                description=r["description"],
                amount=from_cents(r["amount_cents"]),
                commission=from_cents(biller["commission_cents"]),
                due_date=date.fromisoformat(r["due_date"]),
            )
            for r in rows
        ]

    def lookup_bills(self, token: str | None, biller_id: str, service_code: str) -> list[Bill]:
        self.tick()
        with self.db.transaction() as conn:
            self._session(conn, token)
            biller = self._biller(conn, biller_id)
            code = self._check_code(biller, service_code)
            bills = self._pending_bills(conn, biller, code)
            if not bills:
                raise NotFound(NO_BILLS)
            return bills

    # -- paying bills ---------------------------------------------------------------------
    def _prepare_service_payment(
        self, conn: sqlite3.Connection, session: Session, order: ServicePaymentOrder
    ) -> Prepared:
        src = self._own_account(conn, session.member_id, order.from_account, debit=True)
        biller = self._biller(conn, order.biller_id)
        code = self._check_code(biller, order.service_code)
        pending = {b.id: b for b in self._pending_bills(conn, biller, code)}
        if len(set(order.bill_ids)) != len(order.bill_ids) or any(
            b not in pending for b in order.bill_ids
        ):
            raise InvalidInput("bill_ids", "Selecciona valores pendientes de esta empresa.")
        chosen = [pending[b] for b in order.bill_ids]
        amount = sum(to_cents(b.amount) for b in chosen)
        commission = sum(to_cents(b.commission) for b in chosen)
        if amount + commission > ledger.available_cents(conn, src["id"]):
            raise InsufficientFunds()
        return Prepared(
            title=f"Pago de servicio {biller['name']}",
            lines=[
                ("Empresa", biller["name"]),
                (biller["code_label"], code),
                ("Recibo(s)", ", ".join(b.receipt_number for b in chosen)),
                ("Cuenta", mask_account(src["code"])),
                ("Monto", format_money(from_cents(amount))),
                ("Comisión", format_money(from_cents(commission))),
                ("Total a Pagar", format_money(from_cents(amount + commission))),
            ],
            stored={
                "from_id": src["id"],
                "biller_id": biller["id"],
                "service_code": code,
                "bill_ids": list(order.bill_ids),
            },
            member_id=session.member_id,
            amount=from_cents(amount),
            commission=from_cents(commission),
            total=from_cents(amount + commission),
            payee=biller["name"],
        )

    def _pay_bill(
        self,
        conn: sqlite3.Connection,
        member_id: int,
        account_id: int,
        biller: sqlite3.Row,
        bill: sqlite3.Row,
        channel: str,
        reference: str,
        idempotency_key: str | None = None,
    ) -> None:
        now = self.now()
        amount, commission = bill["amount_cents"], biller["commission_cents"]
        short = biller["name"].split(" - ")[0].upper()
        entry_id = ledger.post_entry(
            conn,
            created_at=now,
            kind="service_payment",
            reference=reference,
            description=f"Pago {biller['name']} {bill['service_code']}",
            postings=[
                Posting(account_id, -amount, f"PAGO SERVICIOS {short} {bill['service_code']}"),
                Posting(account_id, -commission, f"COMISIÓN PAGO SERVICIOS {short}"),
                Posting(ledger.internal_account(conn, "BILLER_SETTLEMENT"), amount, reference),
                Posting(ledger.internal_account(conn, "FEE_INCOME"), commission, reference),
            ],
            idempotency_key=idempotency_key,
        )
        conn.execute("UPDATE bills SET paid_at = ? WHERE id = ?", (ts(now), bill["id"]))
        conn.execute(
            "INSERT INTO service_payments (reference, member_id, account_id, biller_id,"
            " service_code, bill_id, amount_cents, commission_cents, channel, paid_at, entry_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                reference,
                member_id,
                account_id,
                biller["id"],
                bill["service_code"],
                bill["id"],
                amount,
                commission,
                channel,
                ts(now),
                entry_id,
            ),
        )

    def _execute_service_payment(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        s = ctx.stored
        biller = self._biller(conn, s["biller_id"])
        bills = [
            conn.execute("SELECT * FROM bills WHERE id = ?", (b,)).fetchone() for b in s["bill_ids"]
        ]
        if any(b is None or b["paid_at"] for b in bills):
            raise Conflict("Estos valores ya fueron pagados.")
        total = sum(b["amount_cents"] + biller["commission_cents"] for b in bills)
        if total > ledger.available_cents(conn, s["from_id"]):
            raise InsufficientFunds()
        reference = self._reference(conn)
        for i, bill in enumerate(bills):
            ref = reference if i == 0 else f"{reference}-{i + 1}"
            key = ctx.idempotency_key if i == 0 else None
            self._pay_bill(conn, ctx.member_id, s["from_id"], biller, bill, "manual", ref, key)
        return summary_receipt(
            ctx,
            reference=reference,
            at=self.now(),
            amount=from_cents(sum(b["amount_cents"] for b in bills)),
            commission=from_cents(biller["commission_cents"] * len(bills)),
            total=from_cents(total),
        )

    # -- registered services (Registro de Servicios) --------------------------------------------
    _REGISTERED_SQL = (
        "SELECT r.*, a.code AS account_code, b.name AS biller_name, b.category_id,"
        " b.code_label, c.name AS category_name FROM registered_services r"
        " JOIN ledger_accounts a ON a.id = r.account_id JOIN billers b ON b.id = r.biller_id"
        " JOIN categories c ON c.id = b.category_id"
    )

    @staticmethod
    def _registered_model(r: sqlite3.Row) -> RegisteredService:
        return RegisteredService(
            id=r["id"],
            account_number=r["account_code"],
            category_id=r["category_id"],
            category_name=r["category_name"],
            biller_id=r["biller_id"],
            biller_name=r["biller_name"],
            code_label=r["code_label"],
            service_code=r["service_code"],
            alias=r["alias"],
            created_at=parse_ts(r["created_at"]),
        )

    def registered_services(
        self, token: str | None, category_id: str | None = None, biller_id: str | None = None
    ) -> list[RegisteredService]:
        """The member's registered services, by category, then company, then code."""
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            category_id, biller_id = category_id or None, biller_id or None
            if (
                category_id is not None
                and not conn.execute(
                    "SELECT 1 FROM categories WHERE id = ?", (category_id,)
                ).fetchone()
            ):
                raise InvalidInput("category_id", "Selecciona una categoría de servicios.")
            if biller_id is not None:
                self._biller(conn, biller_id)
            rows = conn.execute(
                self._REGISTERED_SQL + " WHERE r.member_id = ? AND r.deleted_at IS NULL"
                " AND (? IS NULL OR b.category_id = ?) AND (? IS NULL OR r.biller_id = ?)"
                " ORDER BY c.position, b.name, r.service_code, r.id",
                (session.member_id, category_id, category_id, biller_id, biller_id),
            )
            return [self._registered_model(r) for r in rows]

    def delete_registered_service(self, token: str | None, service_id: int) -> None:
        """Remove a service from the member's list (soft delete: it can be registered again)."""
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            if not 0 < service_id < 2**63:  # beyond SQLite's integers: surely no such row
                raise NotFound(NOT_REGISTERED)
            cur = conn.execute(
                "UPDATE registered_services SET deleted_at = ? WHERE id = ? AND member_id = ?"
                " AND deleted_at IS NULL",
                (ts(self.now()), service_id, session.member_id),
            )
            if cur.rowcount != 1:
                raise NotFound(NOT_REGISTERED)

    @staticmethod
    def _customer(conn: sqlite3.Connection, biller: sqlite3.Row, code: str) -> sqlite3.Row:
        """The biller's customer with that code; a code it does not know is the member's
        mistake, told before any SMS (a registration or a schedule could never pay)."""
        customer = conn.execute(
            "SELECT holder_name FROM service_accounts WHERE biller_id = ? AND service_code = ?",
            (biller["id"], code),
        ).fetchone()
        if customer is None:
            raise InvalidInput(
                "service_code",
                f"No encontramos un servicio con {biller['code_label']} {code} en"
                f" {biller['name']}. Revisa el código e inténtalo nuevamente.",
            )
        return customer

    @staticmethod
    def _service_registered(
        conn: sqlite3.Connection, member_id: int, biller_id: str, code: str
    ) -> bool:
        return (
            conn.execute(
                "SELECT 1 FROM registered_services WHERE member_id = ? AND biller_id = ?"
                " AND service_code = ? AND deleted_at IS NULL",
                (member_id, biller_id, code),
            ).fetchone()
            is not None
        )

    def _prepare_service_registration(
        self, conn: sqlite3.Connection, session: Session, order: ServiceRegistrationOrder
    ) -> Prepared:
        src = self._own_account(conn, session.member_id, order.from_account, debit=True)
        biller = self._biller(conn, order.biller_id)
        code = self._check_code(biller, order.service_code)
        customer = self._customer(conn, biller, code)
        alias = (order.alias or "").strip() or None
        if alias is not None and len(alias) > ALIAS_MAX_LENGTH:
            raise InvalidInput("alias", f"El alias admite máximo {ALIAS_MAX_LENGTH} caracteres.")
        if self._service_registered(conn, session.member_id, biller["id"], code):
            raise Conflict(ALREADY_REGISTERED)
        category = conn.execute(
            "SELECT name FROM categories WHERE id = ?", (biller["category_id"],)
        ).fetchone()
        lines = [
            ("Cuenta", mask_account(src["code"])),
            ("Categoría", category["name"]),
            ("Empresa", biller["name"]),
            (biller["code_label"], code),
        ]
        if alias:
            lines.append(("Alias", alias))
        lines.append(("Titular", customer["holder_name"]))
        return Prepared(
            title="Registro de servicio",
            lines=lines,
            stored={
                "from_id": src["id"],
                "biller_id": biller["id"],
                "service_code": code,
                "alias": alias,
            },
            member_id=session.member_id,
            payee=biller["name"],
        )

    def _execute_service_registration(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        s = ctx.stored
        # Checked again: another challenge may have registered it since this one began.
        if self._service_registered(conn, ctx.member_id, s["biller_id"], s["service_code"]):
            raise Conflict(ALREADY_REGISTERED)
        now = self.now()
        conn.execute(
            "INSERT INTO registered_services (member_id, account_id, biller_id, service_code,"
            " alias, created_at) VALUES (?,?,?,?,?,?)",
            (ctx.member_id, s["from_id"], s["biller_id"], s["service_code"], s["alias"], ts(now)),
        )
        return summary_receipt(
            ctx, reference=self._reference(conn), at=now, message=SERVICE_REGISTERED
        )

    # -- scheduled payments -------------------------------------------------------------------
    def _prepare_scheduled_payment(
        self, conn: sqlite3.Connection, session: Session, order: ScheduledPaymentOrder
    ) -> Prepared:
        src = self._own_account(conn, session.member_id, order.from_account, debit=True)
        biller = self._biller(conn, order.biller_id)
        code = self._check_code(biller, order.service_code)
        self._customer(conn, biller, code)
        today = self.now().date()
        if order.max_amount <= 0:
            raise InvalidInput("max_amount", "El monto máximo debe ser mayor a cero.")
        if order.start_date < today:
            raise InvalidInput("start_date", "La fecha desde no puede ser anterior a hoy.")
        if order.end_date is not None and order.end_date < order.start_date:
            raise InvalidInput(
                "end_date", "La fecha hasta debe ser igual o posterior a la fecha desde."
            )
        if not order.terms_accepted:
            raise InvalidInput("terms_accepted", TERMS_REQUIRED)
        if self._scheduled_active(conn, session.member_id, biller["id"], code):
            raise Conflict(ALREADY_SCHEDULED)
        return Prepared(
            title="Programar pago de servicio",
            lines=[
                ("Empresa", biller["name"]),
                (biller["code_label"], code),
                ("Cuenta", mask_account(src["code"])),
                ("Monto máximo", format_money(order.max_amount)),
                ("Frecuencia", order.frequency.label),
                ("Fecha desde", format_date(order.start_date)),
                ("Fecha hasta", format_date(order.end_date) if order.end_date else "Indefinida"),
            ],
            stored={
                "from_id": src["id"],
                "biller_id": biller["id"],
                "service_code": code,
                "max_amount": to_cents(order.max_amount),
                "frequency": order.frequency.value,
                "start_date": order.start_date.isoformat(),
                "end_date": order.end_date.isoformat() if order.end_date else None,
            },
            member_id=session.member_id,
            payee=biller["name"],
        )

    @staticmethod
    def _scheduled_active(
        conn: sqlite3.Connection, member_id: int, biller_id: str, code: str
    ) -> bool:
        return (
            conn.execute(
                "SELECT 1 FROM scheduled_payments WHERE member_id = ? AND biller_id = ?"
                " AND service_code = ? AND status = 'Activo'",
                (member_id, biller_id, code),
            ).fetchone()
            is not None
        )

    def _execute_scheduled_payment(self, conn: sqlite3.Connection, ctx: ExecContext) -> Receipt:
        s = ctx.stored
        # Checked again: two challenges begun side by side must not make two schedules
        # (both would run: one could pay a bill the other refuses).
        if self._scheduled_active(conn, ctx.member_id, s["biller_id"], s["service_code"]):
            raise Conflict(ALREADY_SCHEDULED)
        now = self.now()
        conn.execute(
            "INSERT INTO scheduled_payments (member_id, account_id, biller_id, service_code,"
            " max_amount_cents, frequency, start_date, end_date, status, created_at)"
            " VALUES (?,?,?,?,?,?,?,?,'Activo',?)",
            (
                ctx.member_id,
                s["from_id"],
                s["biller_id"],
                s["service_code"],
                s["max_amount"],
                s["frequency"],
                s["start_date"],
                s["end_date"],
                ts(now),
            ),
        )
        return summary_receipt(
            ctx,
            reference=self._reference(conn),
            at=now,
            message="Te notificaremos por correo si una factura supera el monto máximo.",
        )

    def _scheduled_model(self, r: sqlite3.Row) -> ScheduledPayment:
        return ScheduledPayment(
            id=r["id"],
            account_number=r["account_code"],
            category_id=r["category_id"],
            biller_id=r["biller_id"],
            biller_name=r["biller_name"],
            service_code=r["service_code"],
            max_amount=from_cents(r["max_amount_cents"]),
            frequency=Frequency(r["frequency"]),
            start_date=date.fromisoformat(r["start_date"]),
            end_date=date.fromisoformat(r["end_date"]) if r["end_date"] else None,
            status=ScheduledPaymentStatus(r["status"]),
            created_at=parse_ts(r["created_at"]),
            last_run_at=parse_ts(r["last_run_at"]) if r["last_run_at"] else None,
            last_result=r["last_result"],
        )

    _SCHEDULED_SQL = (
        "SELECT s.*, a.code AS account_code, b.name AS biller_name, b.category_id"
        " FROM scheduled_payments s JOIN ledger_accounts a ON a.id = s.account_id"
        " JOIN billers b ON b.id = s.biller_id"
    )

    def scheduled_payments(self, token: str | None) -> list[ScheduledPayment]:
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            rows = conn.execute(
                self._SCHEDULED_SQL + " WHERE s.member_id = ? ORDER BY s.id DESC",
                (session.member_id,),
            )
            return [self._scheduled_model(r) for r in rows]

    def cancel_scheduled_payment(self, token: str | None, scheduled_id: int) -> ScheduledPayment:
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            cur = conn.execute(
                "UPDATE scheduled_payments SET status = 'Cancelado' WHERE id = ? AND member_id = ?"
                " AND status = 'Activo'",
                (scheduled_id, session.member_id),
            )
            if cur.rowcount != 1:
                raise NotFound("No encontramos un pago programado activo con ese número.")
            row = conn.execute(self._SCHEDULED_SQL + " WHERE s.id = ?", (scheduled_id,)).fetchone()
            return self._scheduled_model(row)

    def _run_scheduled_payments(self, conn: sqlite3.Connection) -> None:
        """Pay what scheduled payments cover; notify by e-mail what they cannot."""
        now = self.now()
        today = now.date()
        for sp in conn.execute(
            self._SCHEDULED_SQL + " WHERE s.status = 'Activo' AND s.start_date <= ? ORDER BY s.id",
            (today.isoformat(),),
        ).fetchall():
            if sp["end_date"] and date.fromisoformat(sp["end_date"]) < today:
                conn.execute(
                    "UPDATE scheduled_payments SET status = 'Finalizado' WHERE id = ?", (sp["id"],)
                )
                continue
            if sp["frequency"] == "monthly" and today.day < _payment_day(sp["start_date"], today):
                continue
            biller = self._biller(conn, sp["biller_id"])
            bills = conn.execute(
                "SELECT * FROM bills WHERE biller_id = ? AND service_code = ? AND paid_at IS NULL"
                " AND issued_on >= ? ORDER BY period",
                (sp["biller_id"], sp["service_code"], sp["start_date"][:8] + "01"),
            ).fetchall()
            last = sp["last_result"]
            for bill in bills:
                total = bill["amount_cents"] + biller["commission_cents"]
                label = f"{biller['name']} {sp['service_code']} ({bill['description']})"
                if bill["amount_cents"] > sp["max_amount_cents"]:
                    # The bill is named in the result so each refused bill is told once.
                    result = f"No realizado ({bill['description']}): supera el monto máximo"
                    conn.execute(
                        "UPDATE scheduled_payments SET last_run_at = ?, last_result = ? WHERE id = ?",
                        (ts(now), result, sp["id"]),
                    )
                    if last != result:
                        self._email(
                            conn,
                            sp["member_id"],
                            "Pago programado no realizado",
                            f"No realizamos el pago programado de {label}: la factura de"
                            f" {format_money(from_cents(bill['amount_cents']))} supera el monto"
                            f" máximo autorizado de {format_money(from_cents(sp['max_amount_cents']))}.",
                        )
                    last = result
                    continue
                if total > ledger.available_cents(conn, sp["account_id"]):
                    result = f"No realizado ({bill['description']}): fondos insuficientes"
                    if last != result:
                        self._email(
                            conn,
                            sp["member_id"],
                            "Pago programado no realizado",
                            f"No realizamos el pago programado de {label} por"
                            f" {format_money(from_cents(total))}: el saldo disponible de tu"
                            f" cuenta {mask_account(sp['account_code'])} no es suficiente."
                            " Lo intentaremos nuevamente.",
                        )
                    conn.execute(
                        "UPDATE scheduled_payments SET last_run_at = ?, last_result = ? WHERE id = ?",
                        (ts(now), result, sp["id"]),
                    )
                    last = result
                    continue
                reference = self._reference(conn)
                self._pay_bill(
                    conn, sp["member_id"], sp["account_id"], biller, bill, "scheduled", reference
                )
                result = f"Pagado {format_money(from_cents(total))} ref. {reference}"
                conn.execute(
                    "UPDATE scheduled_payments SET last_run_at = ?, last_result = ? WHERE id = ?",
                    (ts(now), result, sp["id"]),
                )
                self._email(
                    conn,
                    sp["member_id"],
                    "Pago programado realizado",
                    f"Realizamos el pago programado de {label} por"
                    f" {format_money(from_cents(total))}. Referencia: {reference}.",
                )

    def _issue_bills(self, conn: sqlite3.Connection) -> None:
        """Billers issue each customer's bill for every month the clock has reached."""
        from cooptui.backend_stub.seed import (
            bill_amount_cents,
            bill_description,
            bill_id,
            receipt_number,
        )

        today = self.now().date()
        for sa in conn.execute("SELECT * FROM service_accounts").fetchall():
            last = conn.execute(
                "SELECT MAX(period) AS p FROM bills WHERE biller_id = ? AND service_code = ?",
                (sa["biller_id"], sa["service_code"]),
            ).fetchone()["p"]
            year, month = (
                (int(x) for x in last.split("-")) if last else (today.year, today.month - 1)
            )
            while True:
                month += 1
                if month > 12:
                    year, month = year + 1, 1
                issued = date(year, month, sa["issue_day"])
                if issued > today:
                    break
                period = f"{year:04d}-{month:02d}"
                conn.execute(
                    "INSERT OR IGNORE INTO bills (id, biller_id, service_code, receipt_number,"
                    " period, description, amount_cents, issued_on, due_date)"
                    " VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        bill_id(sa["biller_id"], sa["service_code"], period),
                        sa["biller_id"],
                        sa["service_code"],
                        receipt_number(sa["biller_id"], sa["service_code"], period),
                        period,
                        bill_description(period),
                        bill_amount_cents(
                            sa["base_cents"], sa["biller_id"], sa["service_code"], period
                        ),
                        issued.isoformat(),
                        (issued + timedelta(days=20)).isoformat(),
                    ),
                )

    # -- history -------------------------------------------------------------------------------
    def payment_history(
        self,
        token: str | None,
        *,
        category_id: str | None = None,
        biller_id: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        service_code: str | None = None,
    ) -> list[ServicePayment]:
        self.tick()
        with self.db.transaction() as conn:
            session = self._session(conn, token)
            today = self.now().date()
            earliest = months_before(today, HISTORY_MONTHS)
            if date_from and date_from < earliest:
                raise InvalidInput(
                    "date_from",
                    "Puedes consultar por rango de fechas hasta 3 meses de antigüedad de la fecha actual.",
                )
            if date_from and date_to and date_from > date_to:
                raise InvalidInput(
                    "date_to", "La fecha hasta debe ser igual o posterior a la fecha desde."
                )
            start = date_from or earliest
            end = date_to or today
            rows = conn.execute(
                "SELECT p.*, a.code AS account_code, b.name AS biller_name, b.category_id,"
                " c.name AS category_name, bl.receipt_number FROM service_payments p"
                " JOIN ledger_accounts a ON a.id = p.account_id JOIN billers b ON b.id = p.biller_id"
                " JOIN categories c ON c.id = b.category_id JOIN bills bl ON bl.id = p.bill_id"
                " WHERE p.member_id = ? AND (? IS NULL OR b.category_id = ?)"
                " AND (? IS NULL OR p.biller_id = ?) AND (? IS NULL OR p.service_code = ?)"
                " ORDER BY p.paid_at DESC, p.id DESC",
                (
                    session.member_id,
                    category_id,
                    category_id,
                    biller_id,
                    biller_id,
                    service_code or None,
                    service_code or None,
                ),
            ).fetchall()
            out = []
            for r in rows:
                paid = parse_ts(r["paid_at"])
                if not start <= paid.date() <= end:
                    continue
                out.append(
                    ServicePayment(
                        reference=r["reference"],
                        paid_at=paid,
                        account_number=r["account_code"],
                        category_id=r["category_id"],
                        category_name=r["category_name"],
                        biller_id=r["biller_id"],
                        biller_name=r["biller_name"],
                        service_code=r["service_code"],
                        receipt_number=r["receipt_number"],
                        amount=from_cents(r["amount_cents"]),
                        commission=from_cents(r["commission_cents"]),
                        total=from_cents(r["amount_cents"] + r["commission_cents"]),
                        channel=PaymentChannel.SCHEDULED
                        if r["channel"] == "scheduled"
                        else PaymentChannel.MANUAL,
                    )
                )
            return out


def _payment_day(start_date: str, today: date) -> int:
    """The start date's day of the month, or this month's last day if it is shorter."""
    return min(date.fromisoformat(start_date).day, monthrange(today.year, today.month)[1])
