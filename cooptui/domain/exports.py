"""Account statements (CSV and OFX 2, XML), the service-payment history (CSV) and a credit
simulation's amortization table (CSV) as files a member can open elsewhere.

Pure formatting: these functions build text and never touch the disk (writing the file
is `cooptui.exports`). CSV is for spreadsheets: amounts are plain decimals ("-5.50") and
dates ISO 8601, so any locale parses them. OFX 2.1.1 is what GnuCash, hledger (via
ofx2csv-style tools) and most personal-finance programs import.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal

from cooptui.domain.amortization import Installment
from cooptui.domain.money import to_money
from cooptui.domain.products import Account, Movement, MovementType
from cooptui.domain.services import ServicePayment

CSV_COLUMNS = ("Fecha", "Descripción", "Tipo", "Monto", "Saldo", "Referencia")
PAYMENT_CSV_COLUMNS = (
    "Fecha",
    "Hora",
    "Categoría",
    "Servicio",
    "Código",
    "Recibo",
    "Monto",
    "Comisión",
    "Total",
    "Canal",
    "Cuenta",
    "Referencia",
)
SIMULATION_CSV_COLUMNS = ("Nº", "Fecha de pago", "Cuota", "Capital", "Interés", "Seguro", "Saldo")
BANK_ID = "COOPROGRESO"
OFX_NAME_MAX = 32  # OFX 2.1.1: <NAME> holds at most 32 characters; <MEMO> keeps all of it

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _plain(amount: Decimal) -> str:
    return f"{to_money(amount):f}"


def _cell_text(text: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP "CSV injection")."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def movements_csv(movements: Sequence[Movement]) -> str:
    """The movements as CSV (header first, in the order given); `cooptui.exports` adds the BOM."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for m in movements:
        writer.writerow(
            (
                m.posted_at.date().isoformat(),
                _cell_text(m.description),
                m.type.value,
                _plain(m.amount),
                _plain(m.balance),
                _cell_text(m.reference),
            )
        )
    return out.getvalue()


def service_payments_csv(payments: Sequence[ServicePayment]) -> str:
    """Historial de Pagos as CSV, one payment a row in the order given (newest first)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PAYMENT_CSV_COLUMNS)
    for p in payments:
        writer.writerow(
            (
                p.paid_at.date().isoformat(),
                p.paid_at.strftime("%H:%M"),
                _cell_text(p.category_name),
                _cell_text(p.biller_name),
                _cell_text(p.service_code),
                _cell_text(p.receipt_number),
                _plain(p.amount),
                _plain(p.commission),
                _plain(p.total),
                p.channel.value,
                _cell_text(p.account_number),
                _cell_text(p.reference),
            )
        )
    return out.getvalue()


def simulation_csv(rows: Sequence[Installment]) -> str:
    """A credit simulation's amortization table as CSV, one cuota a row, as on screen."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(SIMULATION_CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            (
                r.number,
                r.due_date.isoformat(),
                _plain(r.total),
                _plain(r.capital),
                _plain(r.interest),
                _plain(r.insurance),
                _plain(r.balance_after),
            )
        )
    return out.getvalue()


def ofx_datetime(value: datetime) -> str:
    """OFX date-time "20241218100500.000[-5]": local time plus the offset from GMT."""
    stamp = value.strftime("%Y%m%d%H%M%S") + ".000"
    offset = value.utcoffset()
    if offset is None:
        return stamp
    minutes = int(offset.total_seconds()) // 60
    hours, rest = divmod(abs(minutes), 60)
    sign = "-" if minutes < 0 else ""
    text = f"{sign}{hours}" if not rest else f"{sign}{hours}.{rest * 100 // 60:02d}"
    return f"{stamp}[{text}]"


def _day_start(d: date, like: datetime) -> datetime:
    return datetime.combine(d, time.min, like.tzinfo)


def _day_end(d: date, like: datetime) -> datetime:
    return datetime.combine(d, time(23, 59, 59), like.tzinfo)


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = _xml_text(text)
    return element


def _status(parent: ET.Element) -> None:
    status = _sub(parent, "STATUS")
    _sub(status, "CODE", "0")
    _sub(status, "SEVERITY", "INFO")


def movements_ofx(
    account: Account,
    movements: Sequence[Movement],
    *,
    generated_at: datetime,
    date_from: date | None = None,
    date_to: date | None = None,
) -> str:
    """An OFX 2.1.1 bank statement of `movements` for `account`.

    DTSTART/DTEND are the statement's range (the movements' own dates when not given).
    LEDGERBAL is the running balance after the newest movement listed, as of its date;
    with no movements, the account's saldo contable now.
    """
    ordered = sorted(movements, key=lambda m: (m.posted_at, m.id))
    first_day = date_from or (ordered[0].posted_at.date() if ordered else generated_at.date())
    last_day = date_to or (ordered[-1].posted_at.date() if ordered else generated_at.date())

    root = ET.Element("OFX")
    signon = _sub(_sub(root, "SIGNONMSGSRSV1"), "SONRS")
    _status(signon)
    _sub(signon, "DTSERVER", ofx_datetime(generated_at))
    _sub(signon, "LANGUAGE", "SPA")

    trnrs = _sub(_sub(root, "BANKMSGSRSV1"), "STMTTRNRS")
    _sub(trnrs, "TRNUID", "0")
    _status(trnrs)
    stmt = _sub(trnrs, "STMTRS")
    _sub(stmt, "CURDEF", account.currency)
    acct = _sub(stmt, "BANKACCTFROM")
    _sub(acct, "BANKID", BANK_ID)
    _sub(acct, "ACCTID", account.number)
    _sub(acct, "ACCTTYPE", "SAVINGS")

    tranlist = _sub(stmt, "BANKTRANLIST")
    _sub(tranlist, "DTSTART", ofx_datetime(_day_start(first_day, generated_at)))
    _sub(tranlist, "DTEND", ofx_datetime(_day_end(last_day, generated_at)))
    for m in reversed(ordered):  # newest first, as the screen shows them
        trn = _sub(tranlist, "STMTTRN")
        _sub(trn, "TRNTYPE", "DEBIT" if m.type is MovementType.DEBIT else "CREDIT")
        _sub(trn, "DTPOSTED", ofx_datetime(m.posted_at))
        _sub(trn, "TRNAMT", _plain(m.amount))
        _sub(trn, "FITID", str(m.id))
        if m.reference:
            _sub(trn, "REFNUM", m.reference[:32])
        _sub(trn, "NAME", m.description[:OFX_NAME_MAX])
        _sub(trn, "MEMO", m.description[:255])

    ledger = _sub(stmt, "LEDGERBAL")
    if ordered:
        _sub(ledger, "BALAMT", _plain(ordered[-1].balance))
        _sub(ledger, "DTASOF", ofx_datetime(ordered[-1].posted_at))
    else:
        _sub(ledger, "BALAMT", _plain(account.ledger_balance))
        _sub(ledger, "DTASOF", ofx_datetime(generated_at))

    ET.indent(root)
    header = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE"'
        ' OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n'
    )
    return header + ET.tostring(root, encoding="unicode") + "\n"
