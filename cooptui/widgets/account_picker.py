"""Cuenta de débito: the member's accounts that can pay, with the saldo disponible hint."""

from __future__ import annotations

from decimal import Decimal

from textual import on
from textual.widgets import Select

from cooptui.domain.formatting import format_money
from cooptui.domain.products import Account
from cooptui.widgets.form_field import FormField
from cooptui.widgets.select_fill import fill_select, select_value

NO_DEBIT_ACCOUNT = "No tienes cuentas de ahorros activas desde las que debitar."


def account_label(account: Account) -> str:
    return f"{account.number} - {account.type_label} · {format_money(account.available_balance)}"


def balance_hint(account: Account) -> str:
    """Saldo disponible and contable: a pending transfer's hold shows as their difference."""
    text = f"Saldo disponible {format_money(account.available_balance)}"
    if account.ledger_balance != account.available_balance:
        text += f" · Saldo contable {format_money(account.ledger_balance)}"
    return text


class AccountPicker(FormField):
    """A Select of the debit-able accounts; keeps the member's choice across reloads.

    The Select's own `Select.Changed` bubbles to the form as usual.
    """

    def __init__(
        self,
        label: str = "Cuenta",
        *,
        name: str = "from_account",
        select_id: str,
        prompt: str = "Selecciona la cuenta de débito",
        none_text: str = NO_DEBIT_ACCOUNT,
    ) -> None:
        super().__init__(
            label, Select[str]([], prompt="Cargando tus cuentas…", id=select_id), name=name
        )
        self.accounts: dict[str, Account] = {}
        self.prompt = prompt
        self.none_text = none_text

    @property
    def select(self) -> Select[str]:
        assert isinstance(self.control, Select)
        return self.control

    @property
    def value(self) -> str | None:
        return select_value(self.select)

    @property
    def account(self) -> Account | None:
        value = self.value
        return self.accounts.get(value) if value else None

    @property
    def available(self) -> Decimal | None:
        account = self.account
        return account.available_balance if account else None

    def set_accounts(self, accounts: list[Account], prefer: str | None = None) -> bool:
        """Offer the accounts that can pay, `prefer` chosen if nothing is yet.

        True when the chosen one changed.
        """
        self.accounts = {a.number: a for a in accounts}
        options = [(account_label(a), a.number) for a in accounts if a.can_debit]
        before = self.select.value
        changed = fill_select(self.select, options, self.prompt)
        if self.value is None and prefer in {value for _, value in options}:
            with self.select.prevent(Select.Changed):
                self.select.value = prefer
            changed = self.select.value != before
        self._show_balance()
        if not options:
            self.show_error(self.none_text)
        return changed

    @on(Select.Changed)
    def _show_balance(self) -> None:
        account = self.account
        self.show_hint(balance_hint(account) if account else "")
        if account is not None:
            self.show_error("")
