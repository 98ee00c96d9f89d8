"""The JSON bodies of the REST API (docs/api.md) that are not domain models.

Shared by the server (`backend_stub/server.py`) and `HttpBackend`, so both ends parse
and write the same shapes. Reads and two-phase operations travel as the domain models
themselves; these are the requests' bodies and the few small answers around them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field, Strict, StrictInt

from cooptui.domain.auth import LoginResult, LoginStatus
from cooptui.domain.base import Model
from cooptui.domain.transfers import IdType

API_PREFIX = "/api/v1"
PROBLEM_JSON = "application/problem+json"
IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_IDEMPOTENCY_KEY = 255


class LoginRequest(Model):
    username: str
    password: str
    device_id: str


class LoginResponse(Model):
    """A new session: the bearer token for every later call, and what it may do."""

    token: str
    login: LoginResult


class PasswordChangeRequest(Model):
    current_password: str
    new_password: str


class StatusResponse(Model):
    status: LoginStatus


class ConfirmRequest(Model):
    code: str


class BeneficiaryUpdate(Model):
    name: str
    id_type: IdType
    identification: str
    email: str | None = None
    alias: str | None = None


class ProductRequestBody(Model):
    product_id: str
    amount: str | None = None  # as the member typed it; the bank parses and checks it
    term: StrictInt | None = None  # a JSON integer: "12", 12.0 and true are refused
    comment: str = ""
    contact_phone: str


class MessageResponse(Model):
    message: str


class DemoInfo(Model):
    """What `GET /demo/info` answers when the server runs a demo bank."""

    bank: str
    now: datetime


class ClockResponse(Model):
    now: datetime


class AdvanceRequest(Model):
    seconds: Annotated[int, Strict(), Field(ge=0, le=10 * 366 * 86_400)]


class DemoCredential(Model):
    username: str
    password: str
