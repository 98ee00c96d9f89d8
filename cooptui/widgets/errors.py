"""Turning any worker failure into a clear message, never a traceback on screen."""

from __future__ import annotations

from textual.worker import Worker, WorkerState

from cooptui.backend.errors import BackendError

UNEXPECTED = "Ocurrió un error inesperado. Inténtalo nuevamente; si persiste, llama al Call Center."


def error_message(error: BaseException | None) -> str:
    if isinstance(error, BackendError):
        return error.message
    return UNEXPECTED


class PresentsWorkerErrors:
    """Mixin for screens: a failed worker becomes a notification (or a logout)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            present = getattr(self.app, "present_error", None)  # type: ignore[attr-defined]
            if present is not None:
                present(event.worker.error)
