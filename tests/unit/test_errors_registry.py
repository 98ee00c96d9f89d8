import subprocess
import sys

import pytest

from cooptui.backend import errors
from cooptui.backend.registry import UnknownBackend, available_backends, load_backend_class


@pytest.mark.parametrize(
    "error",
    [
        errors.InvalidCredentials(2),
        errors.OtpInvalid(1),
        errors.InvalidInput("amount", "El monto debe ser mayor a cero."),
        errors.AccountLocked(),
        errors.InsufficientFunds(),
        errors.SessionExpired(),
        errors.TooManyRequests("Espera 3 minutos para pedir otro código.", retry_after=170),
    ],
)
def test_errors_survive_problem_json_round_trip(error: errors.BackendError) -> None:
    back = errors.error_from_problem(error.to_problem())
    assert type(back) is type(error)
    assert back.message == error.message
    assert back.extra() == error.extra()


def test_attempts_left_is_in_the_message() -> None:
    assert "2 intentos" in errors.InvalidCredentials(2).message
    assert "1 intento." in errors.OtpInvalid(1).message


def test_sim_backend_is_registered_and_loads() -> None:
    assert "sim" in available_backends()
    from cooptui.backend_stub.adapter import SimBackend

    assert load_backend_class("sim") is SimBackend


def test_unknown_backend_is_a_clear_error() -> None:
    with pytest.raises(UnknownBackend, match="desconocido"):
        load_backend_class("nope")


def test_core_layers_never_import_textual() -> None:
    code = (
        "import sys, cooptui.domain.models, cooptui.backend.protocol, cooptui.backend.registry,"
        " cooptui.backend_stub.adapter; print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
