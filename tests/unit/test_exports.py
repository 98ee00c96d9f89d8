"""CSV and OFX statements: what a spreadsheet, GnuCash or hledger will read."""

from __future__ import annotations

import csv
import io
import re
import threading
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

import cooptui
from cooptui.domain.exports import CSV_COLUMNS, movements_csv, movements_ofx, ofx_datetime
from cooptui.domain.products import Account, AccountStatus, AccountType, Movement, MovementType
from cooptui.exports import CSV_ENCODING, statement_filename, write_export

BOM = b"\xef\xbb\xbf"
EC = timezone(timedelta(hours=-5))
NOW = datetime(2024, 12, 18, 13, 26, 46, tzinfo=EC)
ACCOUNT = Account(
    number="410112060750",
    type=AccountType.SAVINGS,
    status=AccountStatus.ACTIVE,
    ledger_balance=Decimal("4.86"),
    available_balance=Decimal("4.86"),
    holder_name="Gabriel Andrés Silva Mora",
)


def movement(mid: int, day: int, description: str, amount: str, balance: str) -> Movement:
    value = Decimal(amount)
    return Movement(
        id=mid,
        account_number=ACCOUNT.number,
        posted_at=datetime(2024, 12, day, 10, 5, tzinfo=EC),
        description=description,
        type=MovementType.DEBIT if value < 0 else MovementType.CREDIT,
        amount=value,
        balance=Decimal(balance),
        reference=f"S{mid:06d}",
    )


MOVEMENTS = [  # newest first, as the bank gives them
    movement(3, 18, "0 - RETIRO DE AHORROS", "-5.50", "4.86"),
    movement(2, 18, "22047 - NC TRANSFERENCIA PAGO DIRECTO <Ramírez & Hijos>", "5.00", "10.36"),
    movement(1, 9, "[bold]no es markup[/bold]", "-8.00", "5.36"),
]


def parse_ofx(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def test_csv_has_the_columns_and_plain_decimal_amounts() -> None:
    rows = list(csv.reader(io.StringIO(movements_csv(MOVEMENTS))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1] == ["2024-12-18", "0 - RETIRO DE AHORROS", "Débito", "-5.50", "4.86", "S000003"]
    assert rows[2][1] == "22047 - NC TRANSFERENCIA PAGO DIRECTO <Ramírez & Hijos>"
    assert rows[3][1] == "[bold]no es markup[/bold]"
    assert [Decimal(r[3]) for r in rows[1:]] == [m.amount for m in MOVEMENTS]


def test_csv_text_never_starts_a_spreadsheet_formula() -> None:
    evil = movement(9, 1, '=HYPERLINK("http://x")', "-1.00", "0.00")
    [_, row] = list(csv.reader(io.StringIO(movements_csv([evil]))))
    assert row[1] == '\'=HYPERLINK("http://x")'
    assert row[3] == "-1.00"  # amounts stay numbers


def test_csv_of_nothing_is_just_the_header() -> None:
    assert list(csv.reader(io.StringIO(movements_csv([])))) == [list(CSV_COLUMNS)]


def test_ofx_is_xml_with_one_transaction_per_movement() -> None:
    text = movements_ofx(ACCOUNT, MOVEMENTS, generated_at=NOW)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"')
    assert '<?OFX OFXHEADER="200" VERSION="211"' in text
    root = parse_ofx(text)
    stmt = root.find("BANKMSGSRSV1/STMTTRNRS/STMTRS")
    assert stmt is not None
    assert stmt.findtext("CURDEF") == "USD"
    assert stmt.findtext("BANKACCTFROM/BANKID") == "COOPROGRESO"
    assert stmt.findtext("BANKACCTFROM/ACCTID") == "410112060750"
    assert stmt.findtext("BANKACCTFROM/ACCTTYPE") == "SAVINGS"
    trns = stmt.findall("BANKTRANLIST/STMTTRN")
    assert [t.findtext("TRNTYPE") for t in trns] == ["DEBIT", "CREDIT", "DEBIT"]
    assert [t.findtext("TRNAMT") for t in trns] == ["-5.50", "5.00", "-8.00"]
    assert [t.findtext("FITID") for t in trns] == ["3", "2", "1"]
    assert trns[0].findtext("DTPOSTED") == "20241218100500.000[-5]"
    assert stmt.findtext("BANKTRANLIST/DTSTART") == "20241209000000.000[-5]"
    assert stmt.findtext("BANKTRANLIST/DTEND") == "20241218235959.000[-5]"
    assert stmt.findtext("LEDGERBAL/BALAMT") == "4.86"  # after the newest movement


def test_ofx_escapes_xml_and_keeps_markup_literal() -> None:
    text = movements_ofx(ACCOUNT, MOVEMENTS, generated_at=NOW)
    assert "&lt;Ramírez &amp; Hijos&gt;" in text
    memos = [t.findtext("MEMO") for t in parse_ofx(text).iter("STMTTRN")]
    assert memos[1] == "22047 - NC TRANSFERENCIA PAGO DIRECTO <Ramírez & Hijos>"
    assert memos[2] == "[bold]no es markup[/bold]"
    names = [t.findtext("NAME") or "" for t in parse_ofx(text).iter("STMTTRN")]
    assert all(len(n) <= 32 for n in names)


def test_ofx_drops_characters_xml_cannot_hold() -> None:
    odd = movement(5, 2, "PAGO\x00\x1b SERVICIO", "-1.00", "1.00")
    root = parse_ofx(movements_ofx(ACCOUNT, [odd], generated_at=NOW))
    assert root.findtext(".//MEMO") == "PAGO SERVICIO"


def test_ofx_range_and_empty_statement() -> None:
    text = movements_ofx(
        ACCOUNT, [], generated_at=NOW, date_from=date(2023, 12, 18), date_to=date(2024, 12, 18)
    )
    root = parse_ofx(text)
    assert root.findall(".//STMTTRN") == []
    assert root.findtext(".//DTSTART") == "20231218000000.000[-5]"
    assert root.findtext(".//LEDGERBAL/BALAMT") == "4.86"  # the account's saldo contable


def test_ofx_datetime_offsets() -> None:
    assert ofx_datetime(datetime(2024, 1, 2, 3, 4, 5)) == "20240102030405.000"
    india = timezone(timedelta(hours=5, minutes=30))
    assert ofx_datetime(datetime(2024, 1, 2, 3, 4, 5, tzinfo=india)) == "20240102030405.000[5.50]"


def test_exports_never_overwrite_an_earlier_file(tmp_path: Path) -> None:
    name = statement_filename("../410112060750", date(2023, 12, 18), date(2024, 12, 18), "csv")
    assert name == "movimientos-410112060750-20231218-20241218.csv"
    # back to back, well within the same second: the name has no clock in it to collide on
    first = write_export(tmp_path / "Cooprogreso", name, "uno\r\n")
    second = write_export(tmp_path / "Cooprogreso", name, "dos\r\n")
    third = write_export(tmp_path / "Cooprogreso", name, "tres\r\n")
    assert first.name == name
    assert second.name == "movimientos-410112060750-20231218-20241218-2.csv"
    assert third.name == "movimientos-410112060750-20231218-20241218-3.csv"
    assert first.read_bytes() == BOM + b"uno\r\n"
    assert second.read_bytes() == BOM + b"dos\r\n"
    assert third.read_bytes() == BOM + b"tres\r\n"


def test_simultaneous_exports_of_the_same_filter_all_survive(tmp_path: Path) -> None:
    """Two workers exporting at the same instant each get a file of their own, whole."""
    name = statement_filename("410112060750", date(2023, 12, 18), date(2024, 12, 18), "csv")
    texts = [f"exportación {i}\r\n" * 2000 for i in range(8)]
    start = threading.Barrier(len(texts))

    def export(text: str) -> Path:
        start.wait()
        return write_export(tmp_path, name, text)

    with ThreadPoolExecutor(len(texts)) as pool:
        paths = list(pool.map(export, texts))
    assert len(set(paths)) == len(texts)
    assert sorted(p.read_bytes() for p in paths) == sorted(BOM + t.encode() for t in texts)


def test_every_csv_is_utf8_with_a_bom_and_other_files_are_plain_utf8(tmp_path: Path) -> None:
    assert CSV_ENCODING == "utf-8-sig"
    csv_path = write_export(tmp_path, "a.csv", movements_csv(MOVEMENTS))
    ofx_path = write_export(tmp_path, "a.ofx", movements_ofx(ACCOUNT, MOVEMENTS, generated_at=NOW))
    txt_path = write_export(tmp_path, "a.txt", "Descripción")
    assert csv_path.read_bytes().startswith(BOM + "Fecha,Descripción".encode())
    assert ofx_path.read_bytes().startswith(b"<?xml")  # a BOM before it trips OFX readers
    assert txt_path.read_bytes() == "Descripción".encode()
    # what Excel sees: the BOM says UTF-8, so the accents survive
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        assert next(csv.reader(f)) == list(CSV_COLUMNS)


def test_a_failed_export_leaves_no_half_file(tmp_path: Path) -> None:
    with pytest.raises(UnicodeEncodeError):
        write_export(tmp_path, "roto.csv", "Fecha\r\n\ud800")
    assert list(tmp_path.iterdir()) == []


def test_csv_files_are_written_only_by_cooptui_exports() -> None:
    """One writer, one encoding: screens and widgets hand CSV text to `write_export`."""
    root = Path(cooptui.__file__).parent
    offenders = [
        path.relative_to(root).as_posix()
        for folder in ("screens", "widgets")
        for path in sorted((root / folder).glob("*.py"))
        if "csv" in (source := path.read_text(encoding="utf-8")).lower()
        and re.search(r"\.open\(|write_text\(|write_bytes\(|utf-8-sig", source)
    ]
    assert offenders == []
