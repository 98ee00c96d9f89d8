"""The demo bank: a deterministic, manual-faithful data set for the simulated core.

`seed(conn, now)` fills an empty schema with Cooprogreso's reference data (institutions,
service billers) and a handful of members whose products match what the web manual
shows for its member, Gabriel Silva: a savings account with saldo contable $295.65 and
disponible $290.90, share certificates of $412.50, a $13,750 loan granted today, a term
deposit, a debit card and a Mastercard with $1,538.14 revolving and $7,597.38 deferred.

Everything is anchored at `now`: twelve months of history end just before it, the loan
is granted on its date, bills are issued for its month. The same `now` always produces
byte-identical rows (randomness comes from one `random.Random(RANDOM_SEED)` consumed in
a fixed order), except password and PIN hashes, which are salted.

Every money movement is a balanced journal entry posted through `ledger.post_entry`,
so balances are sums of postings exactly as the core computes them; nothing is written
to a balance column because there is none.

`bill_amount_cents`, `bill_id` and `receipt_number` are pure functions shared with the
core, which uses them to issue the bills of later months as the clock moves.
"""

from __future__ import annotations

import calendar as _stdcal
import hashlib
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from cooptui.backend_stub import ledger
from cooptui.backend_stub.base import INSTITUTION_CODE, INSTITUTION_NAME
from cooptui.backend_stub.card_cycle import GRACE_DAYS, open_first_statement, statement_due_date
from cooptui.backend_stub.clock import ECUADOR_TZ
from cooptui.backend_stub.deferral import deferral_rate, quote_deferral
from cooptui.backend_stub.ledger import Posting
from cooptui.backend_stub.secrets import DEFAULT_N, PIN_N, hash_secret
from cooptui.domain.amortization import amortization_schedule, first_due_date
from cooptui.domain.calendar import add_months, is_business_day, roll_forward
from cooptui.domain.formatting import MONTHS_ES, mask_card
from cooptui.domain.money import to_cents

__all__ = [
    "CARD_CUT_DAY",
    "CARD_GRACE_DAYS",
    "DEMO_CERTIFICATES",
    "DEMO_CNT_CODE",
    "DEMO_CREDENTIALS",
    "DEMO_CREDIT_CARD",
    "DEMO_DEBIT_CARD",
    "DEMO_INVESTMENT",
    "DEMO_LOAN",
    "DEMO_PASSWORD",
    "DEMO_PIN_CREDIT",
    "DEMO_PIN_DEBIT",
    "DEMO_SAVINGS",
    "DEMO_SCHEDULED_CNT_CODE",
    "DEMO_USERNAME",
    "ENROLLABLE_IDENTIFICATION",
    "RANDOM_SEED",
    "SECOND_PASSWORD",
    "SECOND_USERNAME",
    "SEED_VERSION",
    "bill_amount_cents",
    "bill_id",
    "card_cycle",
    "cedula",
    "receipt_number",
    "seed",
]

SEED_VERSION = "1"
RANDOM_SEED = 20241218
HISTORY_MONTHS = 12

DEMO_USERNAME = "gsilva"
DEMO_PASSWORD = "Progreso2024"
SECOND_USERNAME = "aparedes"
SECOND_PASSWORD = "Progreso2024"
DEMO_CREDENTIALS = ((DEMO_USERNAME, DEMO_PASSWORD), (SECOND_USERNAME, SECOND_PASSWORD))
DEMO_PASSWORD_HASHES = {
    DEMO_USERNAME: "scrypt$131072$8$1$321f4f9584bc7adc632d3213a8c49a13"
    "$97e891b5e8ac317628bd11188cd763b39f27639978d269003ab989512ae3036d",
    SECOND_USERNAME: "scrypt$131072$8$1$6071f14671b9892fcbc85151b83ae246"
    "$0284977d54bec5599b1b3ace50b33d77fa6f7fa8ef3dfba2c4d1f6fa0dbddc97",
}
"""The demo passwords hashed once at the bank's cost (DEFAULT_N): hashing them at every
--fresh start would cost 0.3 s each. They protect nothing secret (the demo passwords are
in the README); a member's own password is hashed with its own salt when set."""
DEMO_PIN_DEBIT = "4826"
DEMO_PIN_CREDIT = "7391"

DEMO_SAVINGS = "410112060750"  # as in the manual
DEMO_CERTIFICATES = "410212060750"
DEMO_LOAN = "0118958000"
DEMO_INVESTMENT = "0010"
DEMO_DEBIT_CARD = "DEB-1"
DEMO_CREDIT_CARD = "TC-1"
DEMO_CNT_CODE = "023035471"
"""The manual's CNT line: its bill for December 2024 is $7.13 and stays unpaid."""
DEMO_SCHEDULED_CNT_CODE = "022870455"
"""A second CNT line of the demo member, the one with the scheduled ('asap') payment.

Not the manual's line: the scheduler would pay that bill on the first tick and the
manual's "pay CNT $7.13" walkthrough would find nothing to pay.
"""

CARD_CUT_DAY = 20
CARD_GRACE_DAYS = GRACE_DAYS

# Targets the web manual shows (integer cents).
_SAVINGS_TARGET = 29_565
_SAVINGS_HOLD = 475
_CERTIFICATES_TARGET = 41_250
_CERT_CONTRIBUTION = 1_250
_CERT_CONTRIBUTIONS = 5
_LOAN_CENTS = 1_375_000
_INVESTMENT_CENTS = 1_000_000
_CARD_LIMIT = 1_000_000
_REVOLVING_CENTS = 153_814
_DEFERRED_CENTS = 759_738
_MINIMUM_PAYMENT = 70_863
_INTERBANK_FEE = 36
_INTERBANK_IVA = 5
_SAVINGS_RATE_PER_MILLE = 125  # 1.25 % a year, capitalized monthly (×10 to keep integers)


# --------------------------------------------------------------------------- pure helpers


def cedula(first_nine: str) -> str:
    """A valid Ecuadorian cédula: `first_nine` plus its módulo-10 check digit.

    Demo identifications must pass the same validator members type theirs into, or
    enrollment and beneficiary forms would reject the demo's own people.
    """
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("se necesitan los 9 primeros dígitos de la cédula")
    total = 0
    for index, char in enumerate(first_nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return first_nine + str((10 - total % 10) % 10)


def _card_number(bin6: str, last4: str, middle_seed: int) -> str:
    """A Luhn-valid 16-digit card number with the given BIN and last four digits.

    Only its mask is stored (PCI DSS); building a real-looking number first guarantees
    the mask is one a real card could have.
    """
    base = f"{middle_seed:05d}"
    for digit in range(10):
        number = f"{bin6}{base}{digit}{last4}"
        total = 0
        for index, char in enumerate(reversed(number)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return number
    raise AssertionError("unreachable: one of ten digits always satisfies Luhn")


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("|".join(parts).encode()).digest()


def bill_id(biller_id: str, service_code: str, period: str) -> str:
    """Primary key of a bill: one per biller, service code and period ("YYYY-MM")."""
    return f"{biller_id}-{service_code}-{period}"


def receipt_number(biller_id: str, service_code: str, period: str) -> str:
    """The biller's "No de Recibo": the period's YYYYMM plus 6 digits from a hash.

    Stable across runs so a receipt number seen today is the same after a restart.
    """
    tail = int.from_bytes(_digest("receipt", biller_id, service_code, period)[:8], "big")
    return f"{period.replace('-', '')}{tail % 1_000_000:06d}"


def bill_description(period: str) -> str:
    """ "Factura diciembre 2024" for period "2024-12"."""
    year, month = period.split("-")
    return f"Factura {MONTHS_ES[int(month) - 1]} {year}"


def bill_amount_cents(base_cents: int, biller_id: str, service_code: str, period: str) -> int:
    """A month's bill: `base_cents` varied by −15 % … +15 %, fixed by a sha256 of the key.

    Consumption changes month to month, but the same bill must always have the same
    amount (the seed and the core both issue bills, at different times). Integer math
    only, rounded half up, never below one cent.
    """
    permille = int.from_bytes(_digest("bill", biller_id, service_code, period)[:4], "big")
    variation = permille % 301 - 150  # −150 … +150 per mille
    return max(1, (base_cents * (1000 + variation) + 500) // 1000)


def card_cycle(today: date) -> tuple[date, date]:
    """(statement date, pay-by date) of the card statement the member has to pay now.

    Statements close on the 20th and are due 13 days later, rolled to a business day.
    The open statement is the last one closed before `today` while its pay-by date has
    not passed; after that, the cycle closing next. So on 18/12/2024 the 20/11 statement
    (due 03/12) is settled and the card shows the 20/12 cut, due 02/01/2025 as in the
    web manual.
    """
    last_cut = date(today.year, today.month, CARD_CUT_DAY)
    if last_cut >= today:
        last_cut = add_months(last_cut, -1)
    due = statement_due_date(last_cut)
    if due >= today:
        return last_cut, due
    next_cut = add_months(last_cut, 1)
    return next_cut, statement_due_date(next_cut)


def _roll_back(d: date) -> date:
    """The business day on or before `d`: payroll is paid early, never late."""
    while not is_business_day(d):
        d -= timedelta(days=1)
    return d


def _months(start: date, end: date) -> Iterator[tuple[int, int, int]]:
    """(index, year, month) of every calendar month from `start`'s to `end`'s."""
    index, year, month = 0, start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield index, year, month
        index += 1
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


# --------------------------------------------------------------------------- reference data

_INSTITUTIONS: tuple[tuple[str, str, int], ...] = (
    (INSTITUTION_CODE, INSTITUTION_NAME, 1),
    ("PICHINCHA", "Banco Pichincha", 1),
    ("GUAYAQUIL", "Banco Guayaquil", 1),
    ("PRODUBANCO", "Produbanco", 1),
    ("PACIFICO", "Banco del Pacífico", 1),
    ("INTERNACIONAL", "Banco Internacional", 1),
    ("BOLIVARIANO", "Banco Bolivariano", 1),
    ("AUSTRO", "Banco del Austro", 1),
    ("JEP", "Coop. JEP", 1),
    ("LOJA", "Banco de Loja", 0),
    ("MACHALA", "Banco de Machala", 0),
    ("RUMINAHUI", "Banco General Rumiñahui", 0),
    ("BANECUADOR", "BanEcuador", 0),
    ("JARDINAZUAYO", "Coop. Jardín Azuayo", 0),
    ("CPN", "Coop. Policía Nacional", 0),
    ("MUTUALISTA", "Mutualista Pichincha", 0),
    ("DINERS", "Diners Club del Ecuador", 0),
)
"""(code, name, immediate): the big banks credit SPI transfers online, the rest in 24 h."""

_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("luz", "Energía Eléctrica"),
    ("agua", "Agua Potable"),
    ("telefonia", "Teléfono, Internet Y Tv"),
    ("municipios", "Municipios e Impuestos"),
    ("educacion", "Educación"),
    ("seguros", "Seguros"),
)

_BILLERS: tuple[tuple[str, str, str, str, str, int], ...] = (
    # id, category, name, code label, code pattern, commission (cents)
    ("eeq", "luz", "EEQ - Empresa Eléctrica Quito", "Suministro", r"^\d{7,10}$", 31),
    ("cnel", "luz", "CNEL EP - Corporación Nacional de Electricidad", "CUEN", r"^\d{10}$", 31),
    ("epmaps", "agua", "EPMAPS - Agua Quito", "Cuenta", r"^\d{6,10}$", 31),
    ("interagua", "agua", "Interagua - Guayaquil", "Código de cuenta", r"^\d{6,9}$", 31),
    (
        "cnt",
        "telefonia",
        "CNT - Fija - Televisión - Internet",
        "Teléfono/Contrato",
        r"^\d{9,10}$",
        31,
    ),
    ("claro", "telefonia", "Claro Hogar", "Contrato", r"^\d{8,10}$", 31),
    ("netlife", "telefonia", "Netlife", "Cédula/RUC del titular", r"^\d{10}(\d{3})?$", 31),
    ("mdmq", "municipios", "Municipio de Quito - Predios", "Clave catastral", r"^\d{10}$", 50),
    (
        "uce",
        "educacion",
        "Universidad Central - Matrículas",
        "Código de estudiante",
        r"^\d{8,10}$",
        31,
    ),
    ("sucre", "seguros", "Seguros Sucre", "Número de póliza", r"^\d{6,10}$", 31),
)

_CNT_BASE_CENTS = 683
"""Chosen so that `bill_amount_cents` gives the manual's $7.13 for December 2024."""


@dataclass(frozen=True)
class _MemberSpec:
    key: str
    first_nine: str
    full_name: str
    short_name: str
    email: str
    phone: str
    joined_months_ago: int
    savings: str
    certificates_cents: int
    """Share capital paid in when joining (the demo member adds monthly contributions)."""
    opening_cents: int
    """Savings at the start of the 12-month history (the demo member's is computed)."""
    user: tuple[str, str] | None = None


_MEMBERS: tuple[_MemberSpec, ...] = (
    _MemberSpec(
        "gabriel",
        "170458912",
        "Gabriel Andrés Silva Mora",
        "SILVA/GABRIEL",
        "gabriel.silva@correo.example",
        "0991234123",
        70,
        DEMO_SAVINGS,
        _CERTIFICATES_TARGET - _CERT_CONTRIBUTIONS * _CERT_CONTRIBUTION,
        0,
        (DEMO_USERNAME, DEMO_PASSWORD),
    ),
    _MemberSpec(
        "andrea",
        "171456328",
        "Andrea Paredes Vega",
        "PAREDES/ANDREA",
        "andrea.paredes@correo.example",
        "0987456210",
        50,
        "410112073418",
        15_000,
        215_000,
        (SECOND_USERNAME, SECOND_PASSWORD),
    ),
    _MemberSpec(
        "maria",
        "172233445",
        "María Fernanda Torres Ruiz",
        "TORRES/MARIA",
        "maria.torres@correo.example",
        "0998765432",
        30,
        "410112088265",
        5_000,
        64_025,
    ),
    _MemberSpec(
        "carlos",
        "170987654",
        "Carlos Eduardo Mendoza Lara",
        "MENDOZA/CARLOS",
        "carlos.mendoza@correo.example",
        "0995120348",
        90,
        "410112045392",
        20_000,
        182_040,
    ),
    _MemberSpec(
        "lucia",
        "060345678",
        "Lucía Valentina Herrera Castro",
        "HERRERA/LUCIA",
        "lucia.herrera@correo.example",
        "0984377615",
        40,
        "410112091027",
        10_000,
        156_380,
    ),
    _MemberSpec(
        "jorge",
        "180456123",
        "Jorge Luis Andrade Pazmiño",
        "ANDRADE/JORGE",
        "jorge.andrade@correo.example",
        "0969041287",
        26,
        "410112067843",
        5_000,
        121_510,
    ),
)

ENROLLABLE_IDENTIFICATION = cedula("172233445")
"""María Fernanda Torres Ruiz: a member with accounts but no online user yet."""

_INTERBANK_BENEFICIARIES: tuple[tuple[str, str, str, str, str, str | None, str | None], ...] = (
    # name, cédula (first nine), institution, type, account, email, alias
    ("Diego Armando Castillo Vera", "171852934", "PICHINCHA", "AHO", "2204567813", None, "Diego"),
    (
        "Sofía Alejandra Benítez Ortiz",
        "091763420",
        "GUAYAQUIL",
        "CTE",
        "0031874520",
        "sofia.benitez@correo.example",
        None,
    ),
    ("Patricio Xavier Ramírez Salazar", "110498765", "LOJA", "AHO", "2901538764", None, None),
    (
        "Verónica Isabel Guerrero Mejía",
        "010562847",
        "JARDINAZUAYO",
        "AHO",
        "4050123987",
        None,
        "Arriendo",
    ),
)


@dataclass(frozen=True)
class _ServiceAccountSpec:
    biller_id: str
    service_code: str
    holder_name: str
    base_cents: int
    issue_day: int
    payer: str
    """Member key whose savings pays the bills of past months."""
    autopay: bool = False
    """Covered by the scheduled payment: the current bill is already paid too."""


_SERVICE_ACCOUNTS: tuple[_ServiceAccountSpec, ...] = (
    _ServiceAccountSpec(
        "cnt", DEMO_CNT_CODE, "SILVA MORA GABRIEL ANDRES", _CNT_BASE_CENTS, 5, "gabriel"
    ),
    _ServiceAccountSpec(
        "cnt", DEMO_SCHEDULED_CNT_CODE, "SILVA MORA GABRIEL ANDRES", 2490, 3, "gabriel", True
    ),
    _ServiceAccountSpec("eeq", "1042387", "SILVA MORA GABRIEL ANDRES", 2318, 8, "gabriel"),
    _ServiceAccountSpec("epmaps", "2087331", "SILVA MORA GABRIEL ANDRES", 1185, 12, "gabriel"),
    _ServiceAccountSpec("eeq", "1198452", "PAREDES VEGA ANDREA", 3120, 8, "andrea"),
    _ServiceAccountSpec("claro", "40125678", "PAREDES VEGA ANDREA", 2899, 14, "andrea"),
    _ServiceAccountSpec("epmaps", "2291840", "TORRES RUIZ MARIA FERNANDA", 1420, 12, "maria"),
    _ServiceAccountSpec("sucre", "1500234", "ANDRADE PAZMIÑO JORGE LUIS", 3850, 10, "jorge"),
)

_REGISTERED_SERVICES: tuple[tuple[str, str, str, str | None, int], ...] = (
    # member, biller, service code, alias, days before the history starts
    ("gabriel", "cnt", DEMO_CNT_CODE, "Teléfono casa", 20),
    ("gabriel", "eeq", "1042387", "Luz casa", 19),
    ("gabriel", "epmaps", "2087331", None, 19),
)
"""Registro de Servicios: the lines Gabriel pays by hand (the scheduled one is not here)."""

_CARD_MERCHANTS: tuple[tuple[str, int, int], ...] = (
    # merchant, typical low, typical high (cents, before scaling to the exact total)
    ("SUPERMAXI EL BOSQUE", 6_000, 18_000),
    ("KYWI AV. AMAZONAS", 1_500, 9_000),
    ("FYBECA QUICENTRO", 800, 4_500),
    ("PYCCA CCI", 1_200, 6_000),
    ("CINEMARK MALL EL JARDIN", 1_200, 3_500),
    ("ETAFASHION CCI", 2_500, 9_000),
    ("GASOLINERA PRIMAX EL INCA", 1_800, 4_000),
    ("TIA LA MARISCAL", 900, 3_500),
    ("DE PRATI QUICENTRO SUR", 3_500, 14_000),
    ("MEGAMAXI SCALA", 6_000, 19_000),
    ("SANA SANA LA CAROLINA", 700, 3_000),
    ("KFC REPUBLICA DE EL SALVADOR", 1_200, 3_200),
    ("GASOLINERA PRIMAX EL INCA", 1_800, 4_000),
    ("SUPERMAXI EL BOSQUE", 6_000, 18_000),
    ("MARATHON SPORTS CCI", 3_000, 12_000),
    ("JUAN VALDEZ CAFE GONZALEZ SUAREZ", 600, 1_800),
)

_DEBIT_MERCHANTS: tuple[str, ...] = (
    "SUPERMAXI EL BOSQUE",
    "TIA LA MARISCAL",
    "FYBECA QUICENTRO",
    "GASOLINERA PRIMAX EL INCA",
    "AKI LA KENNEDY",
    "SANA SANA LA CAROLINA",
    "PANADERIA ARENAS",
)

_DEFERRALS: tuple[tuple[str, int | None, int, int], ...] = (
    # description, principal (None: whatever reaches the deferred total), months, paid
    ("LAPTOP HP PAVILION - COMPUTRON", 219_900, 24, 4),
    ("REFRIGERADORA INDURAMA - ARTEFACTA", 149_900, 12, 2),
    ("JUEGO DE SALA - COLINEAL", None, 24, 0),
)

_PREVIOUS_LOAN = "0117450233"
"""A consumer loan the demo member finished repaying during the year (renewed today)."""


# --------------------------------------------------------------------------- the builder


@dataclass
class _Entry:
    """A journal entry waiting to be posted (entries are posted in time order)."""

    at: datetime
    kind: str
    description: str
    postings: list[Posting]
    entry_id: int = 0
    reference: str = ""


@dataclass
class _Bill:
    spec: _ServiceAccountSpec
    period: str
    issued_on: date
    amount_cents: int
    commission_cents: int
    paid_at: datetime | None
    entry: _Entry | None = None


@dataclass(frozen=True)
class _Plan:
    """A planned movement on the demo member's savings, sized when the walk reaches it."""

    at: datetime
    action: str
    amount: int = 0
    payee: int = 0
    """Index of the beneficiary (transfers out)."""
    party: str = ""
    """Sending member's key (transfers in) or merchant (card purchases)."""
    bill: _Bill | None = None
    installment: tuple[int, int, int, int] = (0, 0, 0, 0)
    """(number, capital, interest, insurance) of a previous-loan installment."""


@dataclass(frozen=True)
class _Payee:
    """One of Gabriel's beneficiaries, as transfers need it."""

    name: str
    account: str
    institution: str
    immediate: bool
    ledger_id: int | None = None
    """The Cooprogreso savings account of an internal payee."""


@dataclass(frozen=True)
class _TransferRow:
    entry: _Entry
    kind: str
    from_id: int
    payee: _Payee
    amount: int
    commission: int
    iva: int
    memo: str
    created: datetime
    held: bool
    """Not immediate: the money was held until settlement."""


@dataclass(frozen=True)
class _DeferralRow:
    created_at: datetime
    description: str
    principal: int
    months: int
    annual_rate: str
    installment: int
    paid: int
    remaining: int
    next_due: date


class _Builder:
    """Builds the demo bank part by part; `run` is the order the parts depend on."""

    def __init__(
        self, conn: sqlite3.Connection, now: datetime, scrypt_n: int, pepper: bytes | None
    ) -> None:
        self.conn = conn
        self.now = now
        self.scrypt_n = scrypt_n
        self.pepper = pepper
        self.tz = now.tzinfo
        self.rng = random.Random(RANDOM_SEED)
        self.today = now.date()
        self.yesterday = self.today - timedelta(days=1)
        self.start = add_months(self.today, -HISTORY_MONTHS)
        self.opening_at = self.at(self.start, 9, 15)
        # Ordinary history stops here so nothing collides with today's loan events.
        self.cutoff = self.at(self.yesterday, 18, 0)
        self.entries: list[_Entry] = []
        self.internal: dict[str, int] = {}
        self.member_ids: dict[str, int] = {}
        self.members: dict[str, _MemberSpec] = {m.key: m for m in _MEMBERS}
        self.accounts: dict[str, int] = {}  # "<member>:<product>" -> ledger account id
        self.billers: dict[str, tuple[str, int]] = {}  # id -> (name, commission)
        self.internal_payees: list[_Payee] = []
        self.interbank_payees: list[_Payee] = []
        self.bills: list[_Bill] = []
        self.transfer_rows: list[_TransferRow] = []
        self.card_rows: list[tuple[str, datetime, str, int, int | None, _Entry]] = []
        self.deferral_rows: list[_DeferralRow] = []

    # -- small utilities --------------------------------------------------------------

    def _password_hash(self, username: str, password: str) -> str:
        precomputed = DEMO_PASSWORD_HASHES.get(username)
        if precomputed and self.scrypt_n == DEFAULT_N and password == DEMO_PASSWORD:
            return precomputed
        return hash_secret(password, n=self.scrypt_n)

    def at(self, d: date, hour: int, minute: int, second: int = 0) -> datetime:
        return datetime.combine(d, time(hour, minute, second), self.tz)

    def random_at(self, d: date, first_hour: int = 8, last_hour: int = 19) -> datetime:
        return self.at(
            d,
            self.rng.randint(first_hour, last_hour),
            self.rng.randrange(60),
            self.rng.randrange(60),
        )

    def in_history(self, at: datetime) -> bool:
        return self.opening_at < at < self.cutoff

    def book(self, at: datetime, kind: str, description: str, postings: list[Posting]) -> _Entry:
        entry = _Entry(at, kind, description, postings)
        self.entries.append(entry)
        return entry

    def savings(self, member: str) -> int:
        return self.accounts[f"{member}:AHO"]

    # -- the whole bank -----------------------------------------------------------------
    def run(self) -> None:
        ledger.create_internal_accounts(self.conn, self.now)
        self.internal = {
            code: ledger.internal_account(self.conn, code) for code in ledger.INTERNAL_ACCOUNTS
        }
        self.reference_data()
        self.people()
        self.member_accounts()
        self.beneficiary_rows()
        self.plan_bills()
        self.demo_savings_history()
        self.second_member_history()
        self.other_members_history()
        self.month_end_interest(exclude="gabriel")
        self.loan()
        self.investment()
        self.credit_card()
        self.post_all()
        self.check_no_overdraft()
        self.dependent_rows()
        self.conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("seeded_at", self.now.isoformat()), ("seed_version", SEED_VERSION)],
        )

    # -- 2, 11. institutions, service categories and billers -----------------------------
    def reference_data(self) -> None:
        """What every member sees: banks for transfers, companies for bill payments."""
        self.conn.executemany(
            "INSERT INTO institutions (code, name, immediate) VALUES (?, ?, ?)", _INSTITUTIONS
        )
        self.conn.executemany(
            "INSERT INTO categories (id, name, position) VALUES (?, ?, ?)",
            [(cid, name, pos) for pos, (cid, name) in enumerate(_CATEGORIES, start=1)],
        )
        self.conn.executemany(
            "INSERT INTO billers (id, category_id, name, code_label, code_pattern,"
            " commission_cents) VALUES (?, ?, ?, ?, ?, ?)",
            _BILLERS,
        )
        self.billers = {b[0]: (b[2], b[5]) for b in _BILLERS}

    # -- 3, 4. members and their online users --------------------------------------------
    def people(self) -> None:
        """Six members; only Gabriel (the manual's) and Andrea have online users.

        The users last logged in four days ago at 20:25, so the header shows a "Última
        conexión" like the manual's "20H25 / …". No devices are registered: the first
        login from this terminal asks to register it, which is the manual's flow.
        """
        last_login = self.at(self.today - timedelta(days=4), 20, 25)
        user_since = self.now - timedelta(days=365)
        for m in _MEMBERS:
            joined = self.at(add_months(self.today, -m.joined_months_ago), 10, 0)
            cur = self.conn.execute(
                "INSERT INTO members (id_type, identification, full_name, short_name, email,"
                " phone, created_at) VALUES ('cedula', ?, ?, ?, ?, ?, ?)",
                (
                    cedula(m.first_nine),
                    m.full_name,
                    m.short_name,
                    m.email,
                    m.phone,
                    joined.isoformat(),
                ),
            )
            self.member_ids[m.key] = int(cur.lastrowid or 0)
            if m.user is None:
                continue
            username, password = m.user
            self.conn.execute(
                "INSERT INTO users (member_id, username, password_hash, must_change,"
                " last_login_at, current_login_at, password_changed_at, created_at)"
                " VALUES (?, ?, ?, 0, ?, ?, ?, ?)",
                (
                    self.member_ids[m.key],
                    username,
                    self._password_hash(username, password),
                    last_login.isoformat(),
                    last_login.isoformat(),
                    user_since.isoformat(),
                    user_since.isoformat(),
                ),
            )

    # -- 5. member accounts --------------------------------------------------------------
    def open_account(
        self, member: str, product: str, code: str, name: str, opened_at: datetime
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO ledger_accounts (code, name, kind, member_id, product, opened_at)"
            " VALUES (?, ?, 'member', ?, ?, ?)",
            (code, name, self.member_ids[member], product, opened_at.isoformat()),
        )
        account_id = int(cur.lastrowid or 0)
        self.accounts[f"{member}:{product}"] = account_id
        return account_id

    def member_accounts(self) -> None:
        """Savings ("4101…") and share certificates ("4102…") for every member.

        Share capital is paid in cash when joining; every other member's history starts
        with a cash deposit twelve months ago (the demo member's is computed later).
        """
        for m in _MEMBERS:
            joined = self.at(add_months(self.today, -m.joined_months_ago), 10, 5)
            aho = self.open_account(m.key, "AHO", m.savings, "CUENTA DE AHORROS", joined)
            cert = self.open_account(
                m.key, "CERT", "4102" + m.savings[4:], "CERTIFICADOS DE APORTACION", joined
            )
            self.book(
                joined + timedelta(minutes=5),
                "share_contribution",
                "Aporte inicial certificados de aportación",
                [
                    Posting(self.internal["CASH"], -m.certificates_cents, "Aporte en efectivo"),
                    Posting(cert, m.certificates_cents, "APORTE CERTIFICADOS DE APORTACION"),
                ],
            )
            if m.opening_cents:
                self.book(
                    self.at(self.start, 9, 40),
                    "deposit",
                    "Depósito en efectivo",
                    [
                        Posting(self.internal["CASH"], -m.opening_cents, "Depósito en ventanilla"),
                        Posting(aho, m.opening_cents, "DEPOSITO EN EFECTIVO"),
                    ],
                )

    # -- 10. beneficiaries ---------------------------------------------------------------
    def beneficiary_rows(self) -> None:
        """Gabriel's payees: four Cooprogreso savers and four accounts at other banks."""
        created = self.at(self.start - timedelta(days=25), 21, 10)
        rows: list[tuple[str | None, ...]] = []
        for key in ("andrea", "carlos", "lucia", "jorge"):
            m = self.members[key]
            rows.append(
                (
                    "internal",
                    INSTITUTION_CODE,
                    "AHO",
                    m.savings,
                    m.full_name,
                    cedula(m.first_nine),
                    None,
                    m.full_name.split()[0] if key == "andrea" else None,
                )
            )
            self.internal_payees.append(
                _Payee(m.full_name, m.savings, INSTITUTION_CODE, True, self.savings(key))
            )
        immediate = {code: bool(flag) for code, _, flag in _INSTITUTIONS}
        for name, nine, inst, kind, number, email, alias in _INTERBANK_BENEFICIARIES:
            rows.append(("interbank", inst, kind, number, name, cedula(nine), email, alias))
            self.interbank_payees.append(_Payee(name, number, inst, immediate[inst]))
        self.conn.executemany(
            "INSERT INTO beneficiaries (member_id, service, institution_code, account_type,"
            " account_number, name, id_type, identification, email, alias, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 'cedula', ?, ?, ?, ?)",
            [(self.member_ids["gabriel"], *r, created.isoformat()) for r in rows],
        )

    # -- 11. bills ---------------------------------------------------------------------
    def plan_bills(self) -> None:
        """The last three months' bills, paid; this month's, unpaid, once issued.

        Past bills are paid online a few days after issue, so Historial de Pagos has
        data; the payments join each payer's savings history. The line with the
        scheduled payment has this month's bill paid as well (if issued before today).
        """
        for spec in _SERVICE_ACCOUNTS:
            commission = self.billers[spec.biller_id][1]
            for back in (3, 2, 1, 0):
                first = add_months(self.today.replace(day=1), -back)
                issued = first.replace(day=spec.issue_day)
                if issued > self.today:
                    continue
                period = f"{issued.year:04d}-{issued.month:02d}"
                amount = bill_amount_cents(
                    spec.base_cents, spec.biller_id, spec.service_code, period
                )
                paid_at = None
                if back > 0 or (spec.autopay and issued < self.today):
                    day = issued + timedelta(days=self.rng.randint(1, 6))
                    paid_at = self.random_at(day, 19, 21)
                    if paid_at >= self.cutoff:
                        paid_at = self.cutoff - timedelta(minutes=self.rng.randint(20, 90))
                self.bills.append(_Bill(spec, period, issued, amount, commission, paid_at))

    def bill_payment(self, bill: _Bill) -> _Entry:
        """The journal entry of paying a bill, posted as the core's `_pay_bill` does."""
        assert bill.paid_at is not None
        spec = bill.spec
        name = self.billers[spec.biller_id][0]
        short = name.split(" - ")[0].upper()
        account = self.savings(spec.payer)
        entry = self.book(
            bill.paid_at,
            "service_payment",
            f"Pago {name} {spec.service_code}",
            [
                Posting(account, -bill.amount_cents, f"PAGO SERVICIOS {short} {spec.service_code}"),
                Posting(account, -bill.commission_cents, f"COMISIÓN PAGO SERVICIOS {short}"),
                Posting(self.internal["BILLER_SETTLEMENT"], bill.amount_cents, f"Recaudo {name}"),
                Posting(self.internal["FEE_INCOME"], bill.commission_cents, f"Comisión {name}"),
            ],
        )
        bill.entry = entry
        return entry

    # -- 6. the demo member's year of savings --------------------------------------------
    def demo_plans(self) -> list[_Plan]:
        """Everything that happens to Gabriel's savings in the year, amounts still open.

        Payroll twice a month, a previous loan's installments, cash withdrawals, debit
        card purchases, transfers to and from other members and to other banks, a few
        cash deposits, share contributions, month-end interest, and the bills above.
        Discretionary spending is sized during the walk so the balance stays positive.
        """
        plans: list[_Plan] = []
        rng = self.rng
        months = list(_months(self.start, self.today))
        previous_loan = self.previous_loan_rows()
        cert_months = {len(months) - 1 - k for k in range(1, _CERT_CONTRIBUTIONS + 1)}
        for index, year, month in months:
            last = _stdcal.monthrange(year, month)[1]
            for day in (15, last):
                plans.append(
                    _Plan(self.at(_roll_back(date(year, month, day)), 6, 5), "payroll", 52_340)
                )
            if month == 12:
                plans.append(
                    _Plan(self.at(_roll_back(date(year, 12, 20)), 6, 10), "bonus13", 104_680)
                )
            if month == 8:
                plans.append(
                    _Plan(self.at(_roll_back(date(year, 8, 14)), 6, 10), "bonus14", 46_000)
                )
            if index in cert_months:
                plans.append(
                    _Plan(
                        self.at(roll_forward(date(year, month, 16)), 7, 30),
                        "cert",
                        _CERT_CONTRIBUTION,
                    )
                )
            for _ in range(rng.randint(2, 3)):
                day = date(year, month, rng.randint(1, last))
                plans.append(_Plan(self.random_at(day), "atm", rng.randrange(4, 17) * 1_000))
            for _ in range(2):
                day = date(year, month, rng.randint(1, last))
                plans.append(
                    _Plan(
                        self.random_at(day, 10, 20),
                        "pos",
                        rng.randint(850, 6_500),
                        party=rng.choice(_DEBIT_MERCHANTS),
                    )
                )
            day = date(year, month, rng.randint(8, 12))
            plans.append(
                _Plan(self.random_at(day, 18, 22), "internal", rng.randrange(60, 241) * 50, payee=0)
            )
            if index % 3 == 1:
                day = date(year, month, rng.randint(2, 26))
                plans.append(
                    _Plan(
                        self.random_at(day, 18, 22),
                        "internal",
                        rng.randrange(20, 61) * 100,
                        payee=1,
                    )
                )
            if index % 2 == 0:
                day = date(year, month, rng.randint(20, 25))
                plans.append(
                    _Plan(self.random_at(day), "incoming", rng.randint(2_500, 8_000), party="lucia")
                )
            if index % 4 == 1:
                day = date(year, month, rng.randint(3, 9))
                plans.append(
                    _Plan(self.random_at(day), "incoming", rng.randint(1_500, 4_000), party="jorge")
                )
            if index % 2 == 1:
                day = date(year, month, rng.randint(16, 24))
                plans.append(
                    _Plan(
                        self.random_at(day, 9, 17),
                        "interbank",
                        rng.randrange(50, 251) * 100,
                        payee=(index // 2) % len(_INTERBANK_BENEFICIARIES),
                    )
                )
            if index % 3 == 2:
                day = date(year, month, rng.randint(1, 28))
                plans.append(
                    _Plan(self.random_at(day, 9, 16), "deposit", rng.randint(50, 200) * 100)
                )
            plans.append(
                _Plan(self.random_at(date(year, month, rng.randint(26, 28)), 10, 16), "sweep")
            )
            plans.append(_Plan(self.at(date(year, month, last), 23, 55), "interest"))
        for number, due, capital, interest, insurance in previous_loan:
            plans.append(
                _Plan(
                    self.at(due, 5, 30),
                    "cuota",
                    capital + interest + insurance,
                    installment=(number, capital, interest, insurance),
                )
            )
        for bill in self.bills:
            if bill.spec.payer == "gabriel" and bill.paid_at is not None:
                plans.append(_Plan(bill.paid_at, "bill", bill=bill))
        plans = [p for p in plans if self.in_history(p.at)]
        plans.sort(key=lambda p: p.at)  # stable: same-time plans keep their planned order
        return plans

    def previous_loan_rows(self) -> list[tuple[int, date, int, int, int]]:
        """Installments 29–36 of a 36-month loan granted 29 months before the history.

        Taken from a real amortization table so the debits look like the core's own.
        """
        granted = add_months(self.start, -29)
        schedule = amortization_schedule(
            Decimal("8000.00"),
            Decimal("0.1550"),
            36,
            granted,
            first_due_date(granted),
            Decimal("0.00144"),
        )
        return [
            (
                i.number,
                i.due_date,
                to_cents(i.capital),
                to_cents(i.interest),
                to_cents(i.insurance),
            )
            for i in schedule
            if self.start < i.due_date
        ]

    def demo_savings_history(self) -> None:
        """Walk Gabriel's year so it ends at exactly $295.65, never below zero.

        Discretionary debits shrink (or vanish) when the balance runs low. Afterwards
        the opening deposit is raised if the walk ever dipped below zero, and the
        difference to the target is spent in two last purchases the evening before
        (or added to the opening deposit when the year ended short).
        """
        aho = self.savings("gabriel")
        rng = self.rng
        opening = self.book(self.opening_at, "deposit", "Depósito en efectivo", [])
        balance = start_balance = 48_000
        lowest = balance
        reserve = 30_000
        for plan in self.demo_plans():
            entry = self.demo_movement(plan, aho, balance, reserve)
            if entry is None:
                continue
            balance += sum(p.amount_cents for p in entry.postings if p.account_id == aho)
            lowest = min(lowest, balance)
        opening_cents = start_balance + max(0, -lowest)
        balance += opening_cents - start_balance
        excess = balance - _SAVINGS_TARGET
        if excess < 0:
            opening_cents -= excess
        elif excess > 0:
            cash = max(0, (excess - 8_000) // 2_000 * 2_000)
            if cash:
                self.withdrawal(aho, self.at(self.yesterday, 18, 20), cash)
            merchant = rng.choice(_DEBIT_MERCHANTS)
            self.debit_purchase(aho, self.at(self.yesterday, 18, 45), excess - cash, merchant)
        opening.postings = [
            Posting(self.internal["CASH"], -opening_cents, "Depósito en ventanilla"),
            Posting(aho, opening_cents, "DEPOSITO EN EFECTIVO"),
        ]

    def demo_movement(self, plan: _Plan, aho: int, balance: int, reserve: int) -> _Entry | None:
        """Book one planned movement; discretionary debits are capped by the balance."""
        spendable = balance - reserve
        internal = self.internal
        match plan.action:
            case "payroll" | "bonus13" | "bonus14":
                label = {
                    "payroll": "NC ROL DE PAGOS EMPRESA COMERCIAL ANDINA S.A.",
                    "bonus13": "NC DECIMO TERCER SUELDO EMPRESA COMERCIAL ANDINA S.A.",
                    "bonus14": "NC DECIMO CUARTO SUELDO EMPRESA COMERCIAL ANDINA S.A.",
                }[plan.action]
                return self.book(
                    plan.at,
                    "payroll",
                    "Acreditación rol de pagos Comercial Andina S.A.",
                    [
                        Posting(internal["PAYROLL_CLEARING"], -plan.amount, "Rol Comercial Andina"),
                        Posting(aho, plan.amount, label),
                    ],
                )
            case "cert":
                return self.book(
                    plan.at,
                    "share_contribution",
                    "Aporte mensual certificados de aportación",
                    [
                        Posting(aho, -plan.amount, "ND APORTE CERTIFICADOS DE APORTACION"),
                        Posting(
                            self.accounts["gabriel:CERT"],
                            plan.amount,
                            "APORTE CERTIFICADOS DE APORTACION",
                        ),
                    ],
                )
            case "cuota":
                number, capital, interest, insurance = plan.installment
                return self.book(
                    plan.at,
                    "loan_installment",
                    f"Cuota {number} préstamo {_PREVIOUS_LOAN}",
                    [
                        Posting(
                            aho, -plan.amount, f"DEBITO CUOTA {number} PRESTAMO {_PREVIOUS_LOAN}"
                        ),
                        Posting(internal["LOAN_PORTFOLIO"], capital, _PREVIOUS_LOAN),
                        Posting(internal["INTEREST_INCOME"], interest, _PREVIOUS_LOAN),
                        Posting(internal["INSURANCE_PAYABLE"], insurance, _PREVIOUS_LOAN),
                    ],
                )
            case "bill":
                assert plan.bill is not None
                return self.bill_payment(plan.bill)
            case "deposit":
                return self.book(
                    plan.at,
                    "deposit",
                    "Depósito en efectivo",
                    [
                        Posting(internal["CASH"], -plan.amount, "Depósito en ventanilla"),
                        Posting(aho, plan.amount, "DEPOSITO EN EFECTIVO"),
                    ],
                )
            case "incoming":
                return self.book(
                    plan.at,
                    "transfer_internal",
                    self.rng.choice(("Pago compartido", "Devolución", "Almuerzos", "Gracias")),
                    [
                        Posting(
                            self.savings(plan.party), -plan.amount, "ND TRANSFERENCIA PAGO DIRECTO"
                        ),
                        Posting(aho, plan.amount, "NC TRANSFERENCIA PAGO DIRECTO"),
                    ],
                )
            case "interest":
                cents = balance * _SAVINGS_RATE_PER_MILLE // 120_000
                if cents <= 0:
                    return None
                return self.interest(aho, plan.at, cents)
            case "atm":
                amount = min(plan.amount, spendable) // 1_000 * 1_000
                return self.withdrawal(aho, plan.at, amount) if amount >= 2_000 else None
            case "sweep":
                keep = self.rng.randint(30_000, 45_000)
                amount = (balance - keep) // 1_000 * 1_000
                return self.withdrawal(aho, plan.at, amount) if amount >= 20_000 else None
            case "pos":
                amount = min(plan.amount, spendable)
                if amount < 500:
                    return None
                return self.debit_purchase(aho, plan.at, amount, plan.party)
            case "internal":
                amount = min(plan.amount, spendable) // 100 * 100
                if amount < 1_000:
                    return None
                return self.internal_transfer(aho, plan.at, amount, plan.payee)
            case "interbank":
                amount = min(plan.amount, spendable - _INTERBANK_FEE - _INTERBANK_IVA) // 100 * 100
                if amount < 2_000:
                    return None
                return self.interbank_transfer(aho, plan.at, amount, plan.payee)
        raise AssertionError(f"acción desconocida: {plan.action}")

    # -- movements shared by the histories ------------------------------------------------
    def withdrawal(self, account: int, at: datetime, amount: int) -> _Entry:
        return self.book(
            at,
            "withdrawal",
            "Retiro de ahorros",
            [
                Posting(account, -amount, "RETIRO DE AHORROS"),
                Posting(self.internal["CASH"], amount, "Retiro en efectivo"),
            ],
        )

    def debit_purchase(self, account: int, at: datetime, amount: int, merchant: str) -> _Entry:
        return self.book(
            at,
            "debit_card_purchase",
            f"Consumo tarjeta de débito {merchant}",
            [
                Posting(account, -amount, f"ND CONSUMO TARJETA DEBITO {merchant}"),
                Posting(self.internal["CARD_SETTLEMENT"], amount, merchant),
            ],
        )

    def interest(self, account: int, at: datetime, cents: int) -> _Entry:
        return self.book(
            at,
            "interest",
            "Capitalización de intereses",
            [
                Posting(self.internal["INTEREST_EXPENSE"], -cents, "Intereses sobre ahorros"),
                Posting(account, cents, "CAPITALIZACION DE INTERESES EN CUENTA"),
            ],
        )

    def internal_transfer(self, account: int, at: datetime, amount: int, to: int) -> _Entry:
        """A Transferencia Cooprogreso to one of Gabriel's internal beneficiaries (free)."""
        payee = self.internal_payees[to]
        assert payee.ledger_id is not None
        memo = self.rng.choice(("Almuerzos", "Regalo", "Préstamo", "Cuota", "Varios", ""))
        entry = self.book(
            at,
            "transfer_internal",
            memo or "Transferencia Cooprogreso",
            [
                Posting(account, -amount, "ND TRANSFERENCIA PAGO DIRECTO"),
                Posting(payee.ledger_id, amount, "NC TRANSFERENCIA PAGO DIRECTO"),
            ],
        )
        self.transfer_rows.append(
            _TransferRow(entry, "internal", account, payee, amount, 0, 0, memo, at, held=False)
        )
        return entry

    def interbank_transfer(self, account: int, at: datetime, amount: int, to: int) -> _Entry | None:
        """A Transferencia Interbancaria (SPI) with its $0.36 commission and $0.05 IVA.

        Institutions without immediate credit settle the next business day at 09:00:
        the money is held meanwhile and the debit is posted at settlement, as the core
        does; a transfer that would still be pending at the end of the history is
        dropped.
        """
        payee = self.interbank_payees[to]
        posted = at
        if not payee.immediate:
            posted = datetime.combine(
                roll_forward(at.date() + timedelta(days=1)), time(9, 0), self.tz
            )
            if posted >= self.cutoff:
                return None
        memo = self.rng.choice(("Arriendo", "Pago", "Cuota", "Compra", ""))
        name = payee.name
        entry = self.book(
            posted,
            "transfer_interbank",
            memo or "Transferencia interbancaria",
            [
                Posting(account, -amount, f"ND TRANSFERENCIA INTERBANCARIA SPI {name}"),
                Posting(account, -_INTERBANK_FEE, "COSTO TRANSFERENCIA / PAGO TARJETAS SPI"),
                Posting(account, -_INTERBANK_IVA, "IVA TRANSFERENCIA / PAGO TARJETAS SPI"),
                Posting(self.internal["INTERBANK_CLEARING"], amount, f"SPI {payee.institution}"),
                Posting(self.internal["FEE_INCOME"], _INTERBANK_FEE, "Comisión SPI"),
                Posting(self.internal["IVA_PAYABLE"], _INTERBANK_IVA, "IVA comisión SPI"),
            ],
        )
        self.transfer_rows.append(
            _TransferRow(
                entry,
                "interbank",
                account,
                payee,
                amount,
                _INTERBANK_FEE,
                _INTERBANK_IVA,
                memo,
                at,
                held=not payee.immediate,
            )
        )
        return entry

    # -- 6. the second member and the others ---------------------------------------------
    def balance_before(self, account: int, at: datetime) -> int:
        return sum(
            p.amount_cents
            for e in self.entries
            if e.at < at
            for p in e.postings
            if p.account_id == account
        )

    def second_member_history(self) -> None:
        """Andrea: payroll, cash withdrawals and card purchases in the last three months.

        Her earlier months hold only the opening deposit, Gabriel's transfers and interest.
        """
        aho = self.savings("andrea")
        rng = self.rng
        first_month = add_months(self.today.replace(day=1), -2)
        for _, year, month in _months(first_month, self.today):
            last = _stdcal.monthrange(year, month)[1]
            for day in (15, last):
                at = self.at(_roll_back(date(year, month, day)), 6, 20)
                if self.in_history(at):
                    self.book(
                        at,
                        "payroll",
                        "Acreditación rol de pagos Servimedic Cía. Ltda.",
                        [
                            Posting(self.internal["PAYROLL_CLEARING"], -78_500, "Rol Servimedic"),
                            Posting(aho, 78_500, "NC ROL DE PAGOS EMPRESA SERVIMEDIC CIA. LTDA."),
                        ],
                    )
            spends = [
                (self.random_at(date(year, month, rng.randint(1, last))), kind)
                for kind in ("atm", "atm", "pos", "pos", "pos")
            ]
            for at, kind in sorted(spends, key=lambda s: s[0]):
                if not self.in_history(at):
                    continue
                spendable = self.balance_before(aho, at) - 100_000
                if kind == "atm":
                    amount = min(rng.randrange(4, 31) * 1_000, spendable)
                    if amount > 0:
                        self.withdrawal(aho, at, amount)
                else:
                    amount = min(rng.randint(1_200, 9_800), spendable)
                    if amount > 0:
                        self.debit_purchase(aho, at, amount, rng.choice(_DEBIT_MERCHANTS))
        for bill in self.bills:
            if bill.spec.payer == "andrea" and bill.paid_at is not None:
                self.bill_payment(bill)

    def other_members_history(self) -> None:
        """The remaining members' bills; their deposits and transfers are booked already."""
        for bill in self.bills:
            if bill.spec.payer not in ("gabriel", "andrea") and bill.paid_at is not None:
                self.bill_payment(bill)

    def month_end_interest(self, *, exclude: str) -> None:
        """Capitalize every other member's savings interest at each month end."""
        month_ends = [
            self.at(date(y, m, _stdcal.monthrange(y, m)[1]), 23, 55)
            for _, y, m in _months(self.start, self.today)
        ]
        for m in _MEMBERS:
            if m.key == exclude:
                continue
            aho = self.savings(m.key)
            for at in month_ends:
                if not self.in_history(at):
                    continue
                cents = self.balance_before(aho, at) * _SAVINGS_RATE_PER_MILLE // 120_000
                if cents > 0:
                    self.interest(aho, at, cents)

    # -- 7. the loan granted today -------------------------------------------------------
    def today_at(self, fraction_per_mille: int) -> datetime:
        """A moment today, that fraction of the way from midnight to `now` (whole minutes)."""
        midnight = datetime.combine(self.today, time(0, 0), self.tz)
        elapsed = int((self.now - midnight).total_seconds())
        return midnight + timedelta(minutes=elapsed * fraction_per_mille // 1000 // 60)

    def loan(self) -> None:
        """The manual's CONSUMO PRIORITARIO loan of $13,750, 48 months, disbursed today.

        The disbursement credits Gabriel's savings; he withdraws it the same morning
        (so the balance target holds) and the cooperative places the $4.75 credit
        reserve hold that makes his disponible $290.90.
        """
        aho = self.savings("gabriel")
        disbursed = self.today_at(600)
        pre = self.open_account(
            "gabriel", "PRE", f"PRE-{DEMO_LOAN}", "CONSUMO PRIORITARIO ROL DE PAGOS", disbursed
        )
        self.book(
            disbursed,
            "loan_disbursement",
            f"Desembolso préstamo {DEMO_LOAN}",
            [
                Posting(pre, -_LOAN_CENTS, f"Desembolso préstamo {DEMO_LOAN}"),
                Posting(aho, _LOAN_CENTS, f"NC DESEMBOLSO PRESTAMO {DEMO_LOAN}"),
            ],
        )
        self.withdrawal(aho, self.today_at(750), _LOAN_CENTS)
        ledger.place_hold(self.conn, aho, _SAVINGS_HOLD, "Encaje de crédito", disbursed)
        cur = self.conn.execute(
            "INSERT INTO loans (number, member_id, ledger_id, debit_account, description,"
            " amount_cents, annual_rate, insurance_rate, arrears_rate, term_months, granted_on)"
            " VALUES (?, ?, ?, ?, ?, ?, '0.1266', '0.00144', '0.0500', 48, ?)",
            (
                DEMO_LOAN,
                self.member_ids["gabriel"],
                pre,
                aho,
                "CONSUMO PRIORITARIO ROL DE PAGOS",
                _LOAN_CENTS,
                self.today.isoformat(),
            ),
        )
        loan_id = int(cur.lastrowid or 0)
        schedule = amortization_schedule(
            Decimal("13750.00"),
            Decimal("0.1266"),
            48,
            self.today,
            first_due_date(self.today),
            Decimal("0.00144"),
        )
        self.conn.executemany(
            "INSERT INTO loan_installments (loan_id, number, due_date, capital_cents,"
            " interest_cents, insurance_cents, balance_after_cents) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    loan_id,
                    i.number,
                    i.due_date.isoformat(),
                    to_cents(i.capital),
                    to_cents(i.interest),
                    to_cents(i.insurance),
                    to_cents(i.balance_after),
                )
                for i in schedule
            ],
        )

    # -- 8. the term deposit --------------------------------------------------------------
    def investment(self) -> None:
        """Term deposit 0010: $10,000 at 7.90 % for 365 days, opened 40 days ago in cash."""
        issued = self.today - timedelta(days=40)
        opened = self.at(issued, 11, 20)
        dpf = self.open_account(
            "gabriel", "DPF", f"DPF-{DEMO_INVESTMENT}", "DEPOSITO A PLAZO FIJO", opened
        )
        self.book(
            opened,
            "investment_opening",
            f"Apertura depósito a plazo fijo {DEMO_INVESTMENT}",
            [
                Posting(self.internal["CASH"], -_INVESTMENT_CENTS, "Depósito en efectivo"),
                Posting(dpf, _INVESTMENT_CENTS, f"APERTURA DPF {DEMO_INVESTMENT}"),
            ],
        )
        self.conn.execute(
            "INSERT INTO investments (number, member_id, ledger_id, payout_account, amount_cents,"
            " annual_rate, days, issued_on, matures_on, status)"
            " VALUES (?, ?, ?, ?, ?, '0.0790', 365, ?, ?, 'VIGENTE')",
            (
                DEMO_INVESTMENT,
                self.member_ids["gabriel"],
                dpf,
                self.savings("gabriel"),
                _INVESTMENT_CENTS,
                issued.isoformat(),
                (issued + timedelta(days=365)).isoformat(),
            ),
        )

    # -- 9. cards -------------------------------------------------------------------------
    def credit_card(self) -> None:
        """Gabriel's Mastercard: $1,538.14 revolving and $7,597.38 deferred of $10,000.

        Revolving = purchases of the two months before the open statement, scaled to the
        exact total. Deferred = three purchases converted to installments; the ledger
        carries what is left of each (its `remaining_cents`), the newest absorbing the
        difference to the manual's total.
        """
        rot = self.open_account(
            "gabriel", "TC_ROT", "TC-ROT-0395", "TARJETA MASTERCARD - ROTATIVO", self.opening_at
        )
        dif = self.open_account(
            "gabriel", "TC_DIF", "TC-DIF-0395", "TARJETA MASTERCARD - DIFERIDO", self.opening_at
        )
        statement, pay_by = card_cycle(self.today)
        self.revolving_purchases(rot, statement)
        self.deferred_purchases(dif)
        rng = self.rng
        debit_mask = mask_card(_card_number("550975", "7023", rng.randrange(100_000)))
        credit_mask = mask_card(_card_number("513744", "0395", rng.randrange(100_000)))
        assert debit_mask == "550975XXXXXX7023", debit_mask
        assert credit_mask == "513744XXXXXX0395", credit_mask
        member = self.member_ids["gabriel"]
        self.conn.execute(
            "INSERT INTO cards (id, member_id, kind, brand, product, masked_number, pin_hash,"
            " status, account_id) VALUES (?, ?, 'debit', 'MC Débito', 'Débito', ?, ?, 'Activa', ?)",
            (
                DEMO_DEBIT_CARD,
                member,
                debit_mask,
                hash_secret(DEMO_PIN_DEBIT, n=min(self.scrypt_n, PIN_N), pepper=self.pepper),
                self.savings("gabriel"),
            ),
        )
        self.conn.execute(
            "INSERT INTO cards (id, member_id, kind, brand, product, masked_number, pin_hash,"
            " status, revolving_id, deferred_id, credit_limit_cents, statement_date,"
            " payment_due_date, statement_balance_cents, minimum_payment_cents)"
            " VALUES (?, ?, 'credit', 'Mastercard', 'Estandar', ?, ?, 'Activa',"
            " ?, ?, ?, ?, ?, ?, ?)",
            (
                DEMO_CREDIT_CARD,
                member,
                credit_mask,
                hash_secret(DEMO_PIN_CREDIT, n=min(self.scrypt_n, PIN_N), pepper=self.pepper),
                rot,
                dif,
                _CARD_LIMIT,
                statement.isoformat(),
                pay_by.isoformat(),
                _REVOLVING_CENTS,
                _MINIMUM_PAYMENT,
            ),
        )

    def revolving_purchases(self, rot: int, statement: date) -> None:
        """Purchases of the two months up to the statement cut (or yesterday evening)."""
        rng = self.rng
        end = min(self.at(statement, 20, 0), self.cutoff)
        first = end.date() - timedelta(days=58)
        raw = [rng.randint(lo, hi) for _, lo, hi in _CARD_MERCHANTS]
        amounts = [r * _REVOLVING_CENTS // sum(raw) for r in raw]
        amounts[amounts.index(max(amounts))] += _REVOLVING_CENTS - sum(amounts)
        moments = []
        for _ in amounts:
            at = self.random_at(first + timedelta(days=rng.randint(0, 58)), 9, 20)
            moments.append(at if at < end else end - timedelta(minutes=rng.randint(5, 240)))
        moments.sort()
        for (merchant, _, _), amount, at in zip(_CARD_MERCHANTS, amounts, moments, strict=True):
            entry = self.book(
                at,
                "card_purchase",
                f"Consumo {merchant}",
                [
                    Posting(rot, -amount, f"CONSUMO {merchant}"),
                    Posting(self.internal["CARD_SETTLEMENT"], amount, merchant),
                ],
            )
            self.card_rows.append((DEMO_CREDIT_CARD, at, merchant, amount, None, entry))

    def deferred_purchases(self, dif: int) -> None:
        rng = self.rng
        last_cut = date(self.today.year, self.today.month, CARD_CUT_DAY)
        if last_cut >= self.today:
            last_cut = add_months(last_cut, -1)
        # The seeded statement (card_cycle) is the card's last closed one, even when its
        # cut-off is still ahead: the next installment goes on the cut-off after it.
        next_due = add_months(card_cycle(self.today)[0], 1)
        remaining_so_far = 0
        for index, (description, principal, months, paid) in enumerate(_DEFERRALS):
            if principal is None:
                principal = _DEFERRED_CENTS - remaining_so_far
            quote = quote_deferral(Decimal(principal) / 100, months)
            remaining = principal if paid == 0 else to_cents(quote.schedule[paid - 1][3])
            remaining_so_far += remaining
            bought = self.random_at(
                add_months(last_cut, -paid) + timedelta(days=rng.randint(1, 15))
            )
            if bought >= self.cutoff:
                bought = self.cutoff - timedelta(hours=2)
            merchant = description.split(" - ")[-1]
            entry = self.book(
                bought,
                "card_deferral",
                f"Diferido {description} {months} meses",
                [
                    Posting(dif, -remaining, f"DIFERIDO {months} MESES {description}"),
                    Posting(self.internal["CARD_SETTLEMENT"], remaining, merchant),
                ],
            )
            self.deferral_rows.append(
                _DeferralRow(
                    bought,
                    description,
                    principal,
                    months,
                    str(deferral_rate(months)),
                    to_cents(quote.installment),
                    paid,
                    remaining,
                    next_due,
                )
            )
            self.card_rows.append((DEMO_CREDIT_CARD, bought, description, principal, index, entry))
        if remaining_so_far != _DEFERRED_CENTS:
            raise AssertionError("los diferidos no suman el saldo diferido del manual")

    # -- posting and the rows that point at entries -------------------------------------
    def post_all(self) -> None:
        """Post every entry in time order, so entry and posting ids follow the calendar."""
        for number, entry in enumerate(sorted(self.entries, key=lambda e: e.at), start=1):
            entry.reference = f"S{number:06d}"
            entry.entry_id = ledger.post_entry(
                self.conn,
                created_at=entry.at,
                kind=entry.kind,
                reference=entry.reference,
                description=entry.description,
                postings=entry.postings,
            )

    def check_no_overdraft(self) -> None:
        """No member savings account may ever have gone below zero: a seed bug otherwise."""
        row = self.conn.execute(
            "SELECT MIN(running) AS lowest FROM (SELECT SUM(p.amount_cents) OVER ("
            "   PARTITION BY p.account_id ORDER BY e.created_at, p.id) AS running"
            " FROM postings p JOIN journal_entries e ON e.id = p.entry_id"
            " JOIN ledger_accounts a ON a.id = p.account_id WHERE a.product = 'AHO')"
        ).fetchone()
        if row["lowest"] is not None and row["lowest"] < 0:
            raise AssertionError("el historial deja una cuenta de ahorros en negativo")

    def dependent_rows(self) -> None:
        self.transfer_table()
        self.bill_tables()
        self.registered_service_rows()
        self.card_tables()
        self.conn.execute(
            "INSERT INTO scheduled_payments (member_id, account_id, biller_id, service_code,"
            " max_amount_cents, frequency, start_date, end_date, status, created_at)"
            " VALUES (?, ?, 'cnt', ?, 10000, 'asap', ?, NULL, 'Activo', ?)",
            (
                self.member_ids["gabriel"],
                self.savings("gabriel"),
                DEMO_SCHEDULED_CNT_CODE,
                self.today.isoformat(),
                self.today_at(900).isoformat(),
            ),
        )

    def transfer_table(self) -> None:
        """Gabriel's past online transfers, so "Consulta de transferencias" has data."""
        for row in self.transfer_rows:
            entry = row.entry
            hold_id = None
            if row.held:
                hold_id = ledger.place_hold(
                    self.conn,
                    row.from_id,
                    row.amount + row.commission + row.iva,
                    f"Transferencia interbancaria en proceso {entry.reference}",
                    row.created,
                )
                ledger.release_hold(self.conn, hold_id, entry.at)
            self.conn.execute(
                "INSERT INTO transfers (reference, member_id, kind, from_account_id,"
                " to_account_id, to_account, to_name, institution_code, amount_cents,"
                " commission_cents, iva_cents, description, status, created_at, settles_at,"
                " settled_at, hold_id, entry_id)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'completed',?,?,?,?,?)",
                (
                    entry.reference,
                    self.member_ids["gabriel"],
                    row.kind,
                    row.from_id,
                    row.payee.ledger_id,
                    row.payee.account,
                    row.payee.name,
                    row.payee.institution,
                    row.amount,
                    row.commission,
                    row.iva,
                    row.memo,
                    row.created.isoformat(),
                    entry.at.isoformat() if hold_id else None,
                    entry.at.isoformat(),
                    hold_id,
                    entry.entry_id,
                ),
            )

    def bill_tables(self) -> None:
        self.conn.executemany(
            "INSERT INTO service_accounts (biller_id, service_code, holder_name, base_cents,"
            " issue_day) VALUES (?, ?, ?, ?, ?)",
            [
                (s.biller_id, s.service_code, s.holder_name, s.base_cents, s.issue_day)
                for s in _SERVICE_ACCOUNTS
            ],
        )
        for bill in self.bills:
            spec = bill.spec
            self.conn.execute(
                "INSERT INTO bills (id, biller_id, service_code, receipt_number, period,"
                " description, amount_cents, issued_on, due_date, paid_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    bill_id(spec.biller_id, spec.service_code, bill.period),
                    spec.biller_id,
                    spec.service_code,
                    receipt_number(spec.biller_id, spec.service_code, bill.period),
                    bill.period,
                    bill_description(bill.period),
                    bill.amount_cents,
                    bill.issued_on.isoformat(),
                    (bill.issued_on + timedelta(days=20)).isoformat(),
                    bill.paid_at.isoformat() if bill.paid_at else None,
                ),
            )
            if bill.paid_at is None:
                continue
            if bill.entry is None:
                raise AssertionError(f"factura pagada sin asiento: {bill.spec.service_code}")
            self.conn.execute(
                "INSERT INTO service_payments (reference, member_id, account_id, biller_id,"
                " service_code, bill_id, amount_cents, commission_cents, channel, paid_at,"
                " entry_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'manual', ?, ?)",
                (
                    bill.entry.reference,
                    self.member_ids[spec.payer],
                    self.savings(spec.payer),
                    spec.biller_id,
                    spec.service_code,
                    bill_id(spec.biller_id, spec.service_code, bill.period),
                    bill.amount_cents,
                    bill.commission_cents,
                    bill.paid_at.isoformat(),
                    bill.entry.entry_id,
                ),
            )

    def registered_service_rows(self) -> None:
        """Registro de Servicios: what each member registered to pay from their savings."""
        self.conn.executemany(
            "INSERT INTO registered_services (member_id, account_id, biller_id, service_code,"
            " alias, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    self.member_ids[member],
                    self.savings(member),
                    biller_id,
                    code,
                    alias,
                    self.at(self.start - timedelta(days=before), 20, 40).isoformat(),
                )
                for member, biller_id, code, alias, before in _REGISTERED_SERVICES
            ],
        )

    def card_tables(self) -> None:
        card = self.conn.execute("SELECT * FROM cards WHERE id = ?", (DEMO_CREDIT_CARD,)).fetchone()
        open_first_statement(self.conn, card, self.now)
        deferral_ids = []
        for d in self.deferral_rows:
            cur = self.conn.execute(
                "INSERT INTO deferrals (card_id, created_at, description, target,"
                " principal_cents, months, annual_rate, installment_cents, installments_paid,"
                " remaining_cents, next_due) VALUES (?, ?, ?, 'transactions', ?, ?, ?, ?, ?, ?, ?)",
                (
                    DEMO_CREDIT_CARD,
                    d.created_at.isoformat(),
                    d.description,
                    d.principal,
                    d.months,
                    d.annual_rate,
                    d.installment,
                    d.paid,
                    d.remaining,
                    d.next_due.isoformat(),
                ),
            )
            deferral_ids.append(int(cur.lastrowid or 0))
        self.conn.executemany(
            "INSERT INTO card_transactions (card_id, posted_at, merchant, amount_cents,"
            " deferral_id, entry_id) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    card,
                    at.isoformat(),
                    merchant,
                    amount,
                    None if deferral is None else deferral_ids[deferral],
                    entry.entry_id,
                )
                for card, at, merchant, amount, deferral, entry in sorted(
                    self.card_rows, key=lambda r: r[1]
                )
            ],
        )


# --------------------------------------------------------------------------- entry point


def seed(
    conn: sqlite3.Connection,
    now: datetime,
    *,
    scrypt_n: int = DEFAULT_N,
    pepper: bytes | None = None,
) -> None:
    """Fill an empty bank with the demo data set, anchored at `now`, in one transaction.

    A naive `now` is taken as Ecuador time; an aware one is converted to it, since the
    cooperative's days (statements, bills, payroll) are Ecuadorian days.
    """
    if now.tzinfo is None:
        now = now.replace(tzinfo=ECUADOR_TZ)
    local = now.astimezone(ECUADOR_TZ)
    conn.execute("BEGIN IMMEDIATE")
    try:
        _Builder(conn, local, scrypt_n, pepper).run()
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
