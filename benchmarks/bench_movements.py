"""Detalle de Movimientos with 5,000 movements: how long a filter keeps the UI busy.

Run: `uv run python benchmarks/bench_movements.py`. A headless app shows the real
`MovementsScreen` over a stand-in bank that returns 5,000 synthetic movements; each
measurement changes one filter and times, as a median of several runs:

- "handler": `apply_filters()` itself (select in memory, clear the DataTable, add the
  first screenful of rows, totals) — the event loop is blocked this long;
- "slice": median and longest of the later slices that append the remaining rows
  (keys and repaints are handled between slices);
- "all rows painted": from the filter change until every row is in the table and the
  screen has refreshed.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from textual.app import App
from textual.widgets import Input, Select

from cooptui.domain.products import Account, AccountStatus, AccountType, Movement, MovementType
from cooptui.screens.movements import MovementsScreen

EC = timezone(timedelta(hours=-5))
TODAY = datetime(2024, 12, 18, 13, 0, tzinfo=EC)
COUNT = 5_000
WORDS = ["RETIRO DE AHORROS", "NC TRANSFERENCIA PAGO DIRECTO", "PAGO SERVICIOS CNT",
         "ND CONSUMO TARJETA DEBITO AKI", "ND TRANSFERENCIA INTERBANCARIA SPI José Ramírez",
         "CAPITALIZACION DE INTERESES EN CUENTA", "IVA TRANSFERENCIA / PAGO TARJETAS SPI"]  # fmt: skip


def synthetic(count: int) -> list[Movement]:
    out, balance = [], Decimal("50000.00")
    step = timedelta(days=365) / count
    for i in range(count):
        amount = Decimal(f"{(i * 37) % 900 + 1}.{i % 100:02d}")
        kind = MovementType.CREDIT if i % 3 == 0 else MovementType.DEBIT
        signed = amount if kind is MovementType.CREDIT else -amount
        out.append(
            Movement(
                id=count - i, account_number="410112060750", posted_at=TODAY - step * i,
                description=f"{count - i} - {WORDS[i % len(WORDS)]}", type=kind,
                amount=signed, balance=balance, reference=f"S{i:06d}",
            )
        )  # fmt: skip
        balance -= signed
    return out


class StandInClock:
    async def now(self) -> datetime:
        return TODAY


class StandInBank:
    demo = StandInClock()  # the screen reads "today" from the demo bank's clock

    def __init__(self, movements: list[Movement]) -> None:
        self._movements = movements

    async def accounts(self) -> list[Account]:
        return [
            Account(
                number="410112060750", type=AccountType.SAVINGS, status=AccountStatus.ACTIVE,
                ledger_balance=Decimal("50000.00"), available_balance=Decimal("50000.00"),
                holder_name="Benchmark",
            )
        ]  # fmt: skip

    async def movements(self, *_: Any) -> list[Movement]:
        return self._movements


class BenchApp(App[None]):
    session = None

    def __init__(self, backend: StandInBank) -> None:
        super().__init__()
        self.backend = backend

    def on_mount(self) -> None:
        self.push_screen(MovementsScreen())


async def main() -> None:
    lines: list[str] = []  # printed after the app exits: Textual captures stdout while it runs
    app = BenchApp(StandInBank(synthetic(COUNT)))
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, MovementsScreen):
            await pilot.pause(0.05)
        screen = app.screen
        while len(screen.shown_movements) < COUNT:
            await pilot.pause(0.05)
        search = screen.query_one("#mv-search", Input)
        kind = screen.query_one("#mv-type", Select)
        cases = [
            ("all 5,000 rows", lambda: (setattr(search, "value", ""), kind.__setattr__("value", "all"))),
            ("text 'ramirez' (~700 rows)", lambda: setattr(search, "value", "ramirez")),
            ("type Crédito (~1,700 rows)", lambda: (setattr(search, "value", ""), kind.__setattr__("value", MovementType.CREDIT.value))),
        ]  # fmt: skip
        slices: list[float] = []
        fill_more = screen._fill_more

        def timed_fill_more(generation: int, start: int) -> None:
            began = time.perf_counter()
            fill_more(generation, start)
            slices.append((time.perf_counter() - began) * 1000)

        screen._fill_more = timed_fill_more  # type: ignore[method-assign]
        for label, change in cases:
            blocked, painted, rows = [], [], 0
            slices.clear()
            for _ in range(7):
                change()
                await pilot.pause(0.3)  # let the debounced handler fire, then time it again
                start = time.perf_counter()
                screen.apply_filters()
                blocked.append((time.perf_counter() - start) * 1000)
                while not screen.table_complete:
                    await pilot.pause(0)
                await pilot.pause()
                painted.append((time.perf_counter() - start) * 1000)
                rows = len(screen.shown_movements)
            lines.append(
                f"{label:28} rows {rows:5}  handler {statistics.median(blocked):6.1f} ms"
                f"  slice median {statistics.median(slices or [0]):5.1f} ms"
                f" / max {max(slices, default=0):5.1f} ms"
                f"  all rows painted {statistics.median(painted):6.1f} ms"
            )
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
