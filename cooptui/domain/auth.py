"""Logins, sessions, the member's profile and the simulated outbox's messages."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from cooptui.domain.base import Model


class LoginStatus(StrEnum):
    OK = "ok"
    PASSWORD_CHANGE_REQUIRED = "password_change_required"
    DEVICE_REGISTRATION_REQUIRED = "device_registration_required"


class LoginResult(Model):
    """The outcome of a correct username and password.

    With any status but OK the session is restricted: only the step it names
    (change the password, register the device) or logout is allowed.
    """

    status: LoginStatus
    member_name: str
    last_login_at: datetime | None  # the previous login, for "Última conexión"
    session_expires_in: int  # seconds of inactivity before the server drops the session


class MemberProfile(Model):
    member_id: int
    username: str
    full_name: str
    short_name: str  # SILVA/GABRIEL, as the bank's e-mails address the member
    identification: str
    masked_phone: str
    masked_email: str
    last_login_at: datetime | None


class MessageChannel(StrEnum):
    SMS = "sms"
    EMAIL = "email"


class OutboxMessage(Model):
    """An SMS or e-mail the simulated bank "sent" (demo capability only)."""

    id: int
    channel: MessageChannel
    to: str  # the real destination (demo only; the UI shows the masked one)
    subject: str
    body: str
    sent_at: datetime
