"""Repeatable timings of the simulated core and of the app's start-up imports.

Run: `uv run python benchmarks/bench_core.py`. Prints one line per measurement with
the median of several runs; nothing here is asserted (tests do not time things).
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal

from cooptui.backend_stub import ledger
from cooptui.backend_stub.clock import MANUAL_DATE, FrozenClock
from cooptui.backend_stub.core import Core
from cooptui.backend_stub.seed import DEMO_CERTIFICATES, DEMO_SAVINGS
from cooptui.domain.operations import (
    DeviceRegistrationOrder,
    InterbankTransferOrder,
    OwnTransferOrder,
)
from cooptui.domain.transfers import BeneficiaryService

DEVICE = "bench-device-0001"


def median_ms(fn: Callable[[], object], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def logged_in(core: Core) -> str:
    token, _ = core.login("gsilva", "Progreso2024", DEVICE)
    challenge = core.begin(token, DeviceRegistrationOrder(device_id=DEVICE, device_name="Banco"))
    core.confirm(token, challenge.id, last_code(core))
    return token


def last_code(core: Core) -> str:
    match = re.search(r"\b(\d{6})\b", core.outbox()[-1].body)
    assert match is not None
    return match.group(1)


def fresh() -> Core:
    core = Core.open(":memory:", FrozenClock(MANUAL_DATE))
    core.rate_limits = False  # hundreds of codes in one frozen minute: the cost is measured
    return core


def own_transfer(core: Core, token: str) -> None:
    """One cent from the savings to the certificates: begin, then confirm with the SMS code."""
    order = OwnTransferOrder(
        from_account=DEMO_SAVINGS, to_account=DEMO_CERTIFICATES, amount=Decimal("0.01")
    )
    challenge = core.begin(token, order)
    core.confirm(token, challenge.id, last_code(core))


def with_history(postings: int) -> Core:
    """The demo bank with `postings` more postings on the savings account (deposits and
    withdrawals over CASH, dated two years before the manual's day: older than any limit
    or statement counts, as a long-standing member's history is)."""
    core = fresh()
    conn = core.db.conn
    with core.db.transaction():
        savings = conn.execute(
            "SELECT id FROM ledger_accounts WHERE code = ?", (DEMO_SAVINGS,)
        ).fetchone()["id"]
        cash = ledger.internal_account(conn, "CASH")
        at = MANUAL_DATE.replace(year=MANUAL_DATE.year - 2)
        for i in range(postings // 2):
            cents = 100 if i % 2 == 0 else -100
            ledger.post_entry(
                conn,
                created_at=at,
                kind="bench",
                reference=f"BENCH-{i}",
                description="Movimiento de prueba",
                postings=[
                    ledger.Posting(savings, cents, "MOVIMIENTO DE PRUEBA"),
                    ledger.Posting(cash, -cents, "Movimiento de prueba"),
                ],
            )
    return core


def history_costs() -> None:
    """Balances and an own transfer must cost the same whatever the account's history."""
    for postings in (1_000, 100_000):
        core = with_history(postings)
        token = logged_in(core)

        accounts = median_ms(lambda core=core, token=token: core.accounts(token), runs=21)
        own = median_ms(lambda core=core, token=token: own_transfer(core, token), runs=21)
        movements = median_ms(lambda core=core, token=token: core.movements(token, DEMO_SAVINGS))
        quiet = median_ms(lambda core=core, token=token: core.movements(token, DEMO_CERTIFICATES))
        label = f"{postings:,} older postings on the savings:"
        print(
            f"{label:<37}accounts {accounts:6.2f} ms, own transfer {own:6.2f} ms,"
            f" 12 months of movements {movements:6.2f} ms (certificates: {quiet:6.2f} ms)"
        )
        core.close()


def main() -> None:
    print(f"seed the demo bank (in memory):      {median_ms(fresh):8.1f} ms")
    core = fresh()
    token = logged_in(core)
    print(
        f"login (scrypt n=2^17):               {median_ms(lambda: core.login('gsilva', 'Progreso2024', DEVICE)):8.1f} ms"
    )
    token = logged_in(core)

    n = 100
    total = median_ms(lambda: [own_transfer(core, token) for _ in range(n)], runs=3)
    print(f"own transfer, begin + confirm:       {total / n:8.2f} ms each ({n} in a row)")

    # Banco de Loja credits within 24 h: each one places a hold and waits for settlement.
    loja = next(b for b in core.beneficiaries(token, name="Patricio"))

    def interbank() -> None:
        order = InterbankTransferOrder(
            from_account=DEMO_SAVINGS, beneficiary_id=loja.id, amount=Decimal("0.01")
        )
        challenge = core.begin(token, order)
        core.confirm(token, challenge.id, last_code(core))

    n_pending = 20
    total = median_ms(lambda: [interbank() for _ in range(n_pending)], runs=3)
    print(
        f"{'interbank transfer (pending), b + c:':<37}{total / n_pending:8.2f} ms each"
        f" ({n_pending} in a row)"
    )
    print(
        f"{'beneficiary search (name, service):':<37}{median_ms(lambda: core.beneficiaries(token, BeneficiaryService.INTERBANK, 'ram')):8.2f} ms"
    )
    rows = len(core.transfers(token))
    print(
        f"{f'transfers list ({rows} rows):':<37}{median_ms(lambda: core.transfers(token)):8.2f} ms"
    )
    print(
        f"12 months of movements (~190 rows):  {median_ms(lambda: core.movements(token, DEMO_SAVINGS)):8.2f} ms"
    )
    print(
        f"product summary:                     {median_ms(lambda: core.product_summary(token)):8.2f} ms"
    )

    history_costs()

    code = "import time; t=time.perf_counter(); import cooptui.app; print((time.perf_counter()-t)*1000)"
    samples = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    print(f"import cooptui.app (cold process):   {statistics.median(samples):8.1f} ms")


if __name__ == "__main__":
    main()
