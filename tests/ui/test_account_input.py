"""Account numbers as members write or paste them: formatting dropped, nothing else lost."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.events import Paste

from cooptui.widgets.account_input import AccountNumberInput
from tests.ui.helpers import type_text, wait_until


class Harness(App[None]):
    def compose(self) -> ComposeResult:
        yield AccountNumberInput(id="account")


async def test_a_pasted_formatted_number_keeps_its_digits() -> None:
    app = Harness()
    async with app.run_test() as pilot:
        field = app.query_one(AccountNumberInput)
        field.focus()
        field.post_message(Paste("4101-1208 8265"))
        await wait_until(pilot, lambda: field.value == "410112088265")


async def test_typed_separators_are_dropped_and_letters_stay_for_the_form_to_refuse() -> None:
    app = Harness()
    async with app.run_test() as pilot:
        field = app.query_one(AccountNumberInput)
        field.focus()
        await type_text(pilot, "4101.12-08 8a")
        assert field.value == "410112088a"
