"""Typed errors every adapter raises, each with a Spanish message fit to show a member.

The HTTP API carries them as RFC 9457 problem+json whose `type` is the class name
(`ERROR_TYPES` maps it back), so the UI cannot tell which adapter it talks to.
"""

from __future__ import annotations

from typing import Any, ClassVar


def attempts_phrase(n: int) -> str:
    """ "Te quedan 2 intentos." / "Te queda 1 intento." / "No te quedan intentos." """
    if n <= 0:
        return "No te quedan intentos."
    return "Te queda 1 intento." if n == 1 else f"Te quedan {n} intentos."


class BackendError(Exception):
    """Base of every error a backend may raise on purpose."""

    default_message: ClassVar[str] = "No pudimos completar la operación. Inténtalo más tarde."
    title: ClassVar[str] = "Error"
    status: ClassVar[int] = 400

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)

    def extra(self) -> dict[str, Any]:
        """Fields beyond the message that travel with the error (problem+json members)."""
        return {}

    def to_problem(self) -> dict[str, Any]:
        return {
            "type": type(self).__name__,
            "title": self.title,
            "status": self.status,
            "detail": self.message,
            **self.extra(),
        }


class InvalidCredentials(BackendError):
    title = "Credenciales incorrectas"
    status = 401

    def __init__(self, attempts_left: int, message: str | None = None) -> None:
        self.attempts_left = attempts_left
        if message is None:
            message = (
                f"Usuario o contraseña incorrectos. {attempts_phrase(attempts_left)}"
                if attempts_left > 0
                else "Usuario o contraseña incorrectos."
            )
        super().__init__(message)

    def extra(self) -> dict[str, Any]:
        return {"attempts_left": self.attempts_left}


class AccountLocked(BackendError):
    title = "Usuario bloqueado"
    status = 423
    default_message = (
        "Tu usuario está bloqueado por intentos fallidos durante 30 minutos. "
        "Para desbloquearlo ahora usa la opción «Olvidé mi contraseña»."
    )


class PasswordChangeRequired(BackendError):
    title = "Cambio de contraseña"
    status = 403
    default_message = "Debes personalizar tu contraseña antes de continuar."


class DeviceNotRegistered(BackendError):
    title = "Equipo no registrado"
    status = 403
    default_message = "Debes registrar este equipo antes de continuar."


class SessionExpired(BackendError):
    title = "Sesión finalizada"
    status = 401
    default_message = "Tu sesión ha finalizado. Ingresa nuevamente."


class OtpInvalid(BackendError):
    title = "Código incorrecto"
    status = 422

    def __init__(self, attempts_left: int, message: str | None = None) -> None:
        self.attempts_left = attempts_left
        if message is None:
            if attempts_left > 0:
                message = f"El código ingresado es incorrecto. {attempts_phrase(attempts_left)}"
            else:
                message = "Agotaste los intentos. Solicita la operación nuevamente."
        super().__init__(message)

    def extra(self) -> dict[str, Any]:
        return {"attempts_left": self.attempts_left}


START_AGAIN = "El código expiró y ya no se puede reenviar. Inicia la operación nuevamente."


class OtpExpired(BackendError):
    """The code can no longer be used.

    `resendable` says whether only the code died (the operation is still open and
    "Reenviar código" gives a new one) or the operation itself is over (used, cancelled,
    no re-sends left): then it must be started again.
    """

    title = "Código expirado"
    status = 410
    default_message = "El código expiró. Solicita uno nuevo."

    def __init__(self, message: str | None = None, *, resendable: bool = False) -> None:
        self.resendable = resendable
        super().__init__(message)

    def extra(self) -> dict[str, Any]:
        return {"resendable": self.resendable}


class InsufficientFunds(BackendError):
    title = "Fondos insuficientes"
    status = 422
    default_message = "El saldo disponible no es suficiente para esta operación."


class LimitExceeded(BackendError):
    title = "Límite excedido"
    status = 422
    default_message = "El monto supera el límite diario permitido."


class InvalidInput(BackendError):
    title = "Dato inválido"
    status = 422

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)

    def extra(self) -> dict[str, Any]:
        return {"field": self.field}


class NotFound(BackendError):
    title = "No encontrado"
    status = 404
    default_message = "No encontramos lo que buscas."


class Conflict(BackendError):
    title = "Conflicto"
    status = 409
    default_message = "La operación entra en conflicto con otra ya registrada."


class TooManyRequests(BackendError):
    """Too many codes (or account lookups) in a short time: wait `retry_after` seconds."""

    title = "Demasiadas solicitudes"
    status = 429

    def __init__(self, message: str | None = None, *, retry_after: int = 0) -> None:
        self.retry_after = max(0, retry_after)
        super().__init__(message)

    def extra(self) -> dict[str, Any]:
        return {"retry_after": self.retry_after}


class BackendUnavailable(BackendError):
    title = "Servicio no disponible"
    status = 503
    default_message = "No pudimos comunicarnos con Cooprogreso. Inténtalo en unos minutos."


ERROR_TYPES: dict[str, type[BackendError]] = {
    cls.__name__: cls
    for cls in (
        BackendError,
        InvalidCredentials,
        AccountLocked,
        PasswordChangeRequired,
        DeviceNotRegistered,
        SessionExpired,
        OtpInvalid,
        OtpExpired,
        InsufficientFunds,
        LimitExceeded,
        InvalidInput,
        NotFound,
        Conflict,
        TooManyRequests,
        BackendUnavailable,
    )
}


def error_from_problem(problem: dict[str, Any]) -> BackendError:
    """Rebuild the typed error a problem+json document describes."""
    cls = ERROR_TYPES.get(str(problem.get("type", "")), BackendError)
    detail = problem.get("detail")
    if cls in (InvalidCredentials, OtpInvalid):
        return cls(int(problem.get("attempts_left", 0)), detail)
    if cls is OtpExpired:
        return OtpExpired(detail, resendable=problem.get("resendable") is True)
    if cls is TooManyRequests:
        wait = problem.get("retry_after")
        return TooManyRequests(detail, retry_after=wait if isinstance(wait, int) else 0)
    if cls is InvalidInput:
        return InvalidInput(str(problem.get("field", "")), detail or "Dato inválido")
    return cls(detail)
