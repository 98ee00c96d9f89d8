"""Nuevo Beneficiario (created with an SMS code) and Editar beneficiario.

A new beneficiary's account is checked by the bank before the code is sent: it must
exist (within Cooprogreso), must not be one of the member's own, and must not be
registered already. Editing changes the holder's data only, never the account.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from cooptui.backend.errors import BackendError, InvalidInput, SessionExpired
from cooptui.backend.protocol import Backend
from cooptui.domain.formatting import mask_account
from cooptui.domain.operations import BeneficiaryOrder, Receipt
from cooptui.domain.transfers import (
    COOPROGRESO_CODE,
    BankAccountType,
    Beneficiary,
    BeneficiaryService,
    IdType,
)
from cooptui.domain.validators import (
    ALIAS_MAX_LENGTH,
    NAME_MAX_LENGTH,
    validate_account_number,
    validate_email,
    validate_identification,
    validate_text,
)
from cooptui.widgets.account_input import AccountNumberInput
from cooptui.widgets.errors import PresentsWorkerErrors
from cooptui.widgets.form_field import FormField
from cooptui.widgets.order_form import OrderForm
from cooptui.widgets.select_fill import fill_select, select_value

PayeeKey = tuple[str, str]
"""(institution code, account number): what identifies a beneficiary before it has an id."""


def account_text(b: Beneficiary) -> str:
    """ "Banco Pichincha · Ahorros ******7813": where a beneficiary's money goes."""
    return f"{b.institution_name} · {b.account_type.label} {mask_account(b.account_number)}"


def find_payee(found: Mapping[str, Beneficiary], key: PayeeKey) -> str | None:
    """The key in `found` of the beneficiary with that institution and account, if any."""
    return next(
        (k for k, b in found.items() if (b.institution_code, b.account_number) == key), None
    )


NEW_FIELDS = (
    "institution_code",
    "account_type",
    "account_number",
    "name",
    "id_type",
    "identification",
    "email",
    "alias",
)
EDIT_FIELDS = ("name", "id_type", "identification", "email", "alias")
ID_TYPES = [(t.label, t.value) for t in IdType]
FIELD_INPUTS = {
    "account_number": "#bf-account-number",
    "name": "#bf-name",
    "identification": "#bf-identification",
    "email": "#bf-email",
    "alias": "#bf-alias",
}
LENGTH_LIMITS = {
    "account_number": 20,
    "name": NAME_MAX_LENGTH,
    "identification": 20,
    "alias": ALIAS_MAX_LENGTH,
}
"""The longest each text field can be. The inputs have no `max_length` (it would drop
keys silently): a longer text stays as typed and the field says the limit."""
ACCOUNT_TYPES = [(t.label, t.value) for t in BankAccountType]


class BeneficiaryFormScreen(OrderForm, PresentsWorkerErrors, ModalScreen[PayeeKey | None]):
    """Dismisses with the beneficiary's (institution, account) once saved, None if cancelled."""

    CSS_PATH = "beneficiary_form.tcss"
    FORM_ERROR = "bf-form-error"
    CONFLICT_FIELD = "account_number"  # that account is registered already
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancelar")]

    def __init__(
        self,
        backend: Backend,
        service: BeneficiaryService,
        beneficiary: Beneficiary | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.service = service
        self.beneficiary = beneficiary

    @property
    def editing(self) -> bool:
        return self.beneficiary is not None

    @property
    def internal(self) -> bool:
        return self.service is BeneficiaryService.INTERNAL

    def fields(self) -> tuple[str, ...]:
        return EDIT_FIELDS if self.editing else NEW_FIELDS

    # -- layout ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        b = self.beneficiary
        with VerticalScroll(id="bf-box"):
            yield Static("Editar beneficiario" if b else "Nuevo Beneficiario", id="bf-title")
            yield Static(f"Servicio: {self.service.label}", id="bf-service")
            if b is not None:
                yield Static(f"Cuenta: {account_text(b)}", id="bf-account", markup=False)
            else:
                yield FormField(
                    "Institución financiera",
                    Select[str](
                        [],
                        prompt="Cargando…",
                        id="bf-institution",
                        disabled=self.internal,
                    ),
                    name="institution_code",
                )
                yield FormField(
                    "Tipo de cuenta",
                    Select(
                        ACCOUNT_TYPES,
                        value=BankAccountType.SAVINGS.value,
                        allow_blank=False,
                        id="bf-account-type",
                        disabled=self.internal,
                    ),
                    name="account_type",
                )
                yield FormField(
                    "Número de cuenta",
                    # The separators of "4101-1208 8265" are left out as typed or pasted
                    # (the number stays the same); a letter or the length is told, never cut.
                    AccountNumberInput(id="bf-account-number"),
                    name="account_number",
                )
            yield FormField(
                "Nombre del beneficiario",
                Input(b.name if b else "", id="bf-name"),
                name="name",
            )
            yield FormField(
                "Tipo de identificación",
                Select(
                    ID_TYPES,
                    value=(b.id_type if b else IdType.CEDULA).value,
                    allow_blank=False,
                    id="bf-id-type",
                ),
                name="id_type",
            )
            yield FormField(
                "Identificación",
                Input(b.identification if b else "", id="bf-identification"),
                name="identification",
            )
            yield FormField(
                "Correo electrónico",
                Input((b.email or "") if b else "", id="bf-email", placeholder="Opcional"),
                name="email",
            )
            yield FormField(
                "Alias",
                Input(
                    (b.alias or "") if b else "",
                    id="bf-alias",
                    placeholder="Opcional",
                ),
                name="alias",
            )
            yield Label("", id="bf-form-error", classes="form-error", markup=False)
            with Horizontal(id="bf-buttons"):
                yield Button("Cancelar", id="bf-cancel")
                yield Button("Guardar" if b else "Continuar", id="bf-continue", variant="primary")

    def on_mount(self) -> None:
        if self.editing:
            self.query_one("#bf-name", Input).focus()
        else:
            self.load_institutions()
            first = "#bf-account-number" if self.internal else "#bf-institution"
            self.query_one(first).focus()

    @work(exclusive=True, group="bf-institutions", exit_on_error=False)
    async def load_institutions(self) -> None:
        try:
            institutions = await self.backend.financial_institutions()
        except SessionExpired:
            raise
        except BackendError as exc:
            if self.is_attached:
                self.show_form_error(exc.message)
            return
        if not self.is_attached:
            return
        if self.internal:
            options = [(i.name, i.code) for i in institutions if i.code == COOPROGRESO_CODE]
        else:
            options = [(i.name, i.code) for i in institutions if i.code != COOPROGRESO_CODE]
        # Within Cooprogreso the lone option is chosen for the member.
        fill_select(self.query_one("#bf-institution", Select), options, "Selecciona la institución")

    # -- values and checks -----------------------------------------------------------------------
    def _field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    def _text(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def _choice(self, selector: str) -> str | None:
        return select_value(self.query_one(selector, Select))

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not self.editing:
            if not self.internal and self._choice("#bf-institution") is None:
                found["institution_code"] = "Selecciona la institución financiera."
            if problem := validate_account_number(self._text("#bf-account-number")):
                found["account_number"] = problem
        if not self._text("#bf-name"):
            found["name"] = "Ingresa el nombre del beneficiario."
        for name in ("name", "alias"):
            if problem := self._typed_problem(name):
                found[name] = problem
        id_type = self._choice("#bf-id-type") or IdType.CEDULA.value
        if problem := validate_identification(id_type, self._text("#bf-identification")):
            found["identification"] = problem
        email = self._text("#bf-email")
        if email and (problem := validate_email(email)):
            found["email"] = problem
        return found

    def _typed_problem(self, name: str) -> str | None:
        """What can be said while the field is typed: that it is too long."""
        selector = FIELD_INPUTS.get(name)
        if selector is None:
            return None
        text = self._text(selector)
        if name == "account_number" and len(text) > LENGTH_LIMITS[name]:
            return validate_account_number(text)  # says "entre 6 y 20 dígitos"
        limit = LENGTH_LIMITS.get(name)
        return validate_text(text, limit) if limit else None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        """A field being corrected loses its old message, unless it is still too long."""
        for name in self.fields():
            field = self._field(name)
            if field.control is event.input:
                field.show_error(self._typed_problem(name) or "")

    @on(Select.Changed, "#bf-id-type")
    def _id_type_changed(self) -> None:
        self._field("identification").show_error("")

    # -- saving ----------------------------------------------------------------------------------
    def order_fields(self) -> list[str]:
        return list(self.fields())

    def order_problems(self) -> dict[str, str]:
        return self.problems()

    @on(Input.Submitted)
    @on(Button.Pressed, "#bf-continue")
    def submit(self) -> None:
        """A new beneficiary is an order (code by SMS); an edit is saved at once."""
        if not self.editing:
            self.submit_order()
            return
        if self.order_busy:
            return  # already with the bank
        self.show_form_error("")
        found = self.problems()
        self.show_problems(found)
        if not found:
            self.order_busy = True
            self._save_edit()

    def _institution(self) -> str:
        return COOPROGRESO_CODE if self.internal else self._choice("#bf-institution") or ""

    def _id_type(self) -> IdType:
        return IdType(self._choice("#bf-id-type") or IdType.CEDULA.value)

    @work(exclusive=True, group="bf-save", exit_on_error=False)
    async def _save_edit(self) -> None:
        assert self.beneficiary is not None
        try:
            updated = await self.backend.update_beneficiary(
                self.beneficiary.id,
                name=self._text("#bf-name"),
                id_type=self._id_type(),
                identification=self._text("#bf-identification"),
                email=self._text("#bf-email") or None,
                alias=self._text("#bf-alias") or None,
            )
        except SessionExpired:
            raise
        except InvalidInput as exc:
            self.show_refusal(exc.field, exc.message)
            return
        except BackendError as exc:
            self.show_refusal(None, exc.message)
            return
        finally:
            self.order_busy = False
        self.notify("Los datos del beneficiario se actualizaron.")
        self.dismiss((updated.institution_code, updated.account_number))

    def build_order(self) -> BeneficiaryOrder:
        return BeneficiaryOrder(
            service=self.service,
            institution_code=self._institution(),
            account_type=BankAccountType(
                self._choice("#bf-account-type") or BankAccountType.SAVINGS.value
            ),
            account_number=self._text("#bf-account-number"),
            name=self._text("#bf-name"),
            id_type=self._id_type(),
            identification=self._text("#bf-identification"),
            email=self._text("#bf-email") or None,
            alias=self._text("#bf-alias") or None,
        )

    async def order_done(self, receipt: Receipt) -> None:
        self.dismiss((self._institution(), self._text("#bf-account-number")))

    @on(Button.Pressed, "#bf-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
