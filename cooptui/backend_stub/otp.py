"""OTP challenges: a 6-digit code per challenge, bound to its order, stored only hashed.

The code is generated with pyotp (HOTP over a fresh random secret that is then thrown
away) and hashed together with the challenge id and the order's digest, so a code
confirms exactly one order and a database reader learns neither code nor secret.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pyotp

from cooptui.backend_stub.secrets import FAST_N, hash_secret, verify_secret
from cooptui.domain.formatting import format_money

OTP_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 3
MAX_RESENDS = 3
NO_MORE_RESENDS = "Alcanzaste el máximo de reenvíos. Inicia la operación nuevamente."
OPERATION_LIFE = OTP_TTL * (MAX_RESENDS + 1)
"""How long an operation may wait for its code: a first code and its re-sends. After it
the order (its fees, its balances) must be begun again."""


def new_challenge_id() -> str:
    return secrets.token_urlsafe(16)


def new_code() -> str:
    """Six digits from a one-off HOTP secret."""
    return pyotp.HOTP(pyotp.random_base32(), digits=6).at(0)


def order_digest(order_json: str) -> str:
    """SHA-256 of the canonical order: what the code is bound to."""
    canonical = json.dumps(json.loads(order_json), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def hash_code(challenge_id: str, digest: str, code: str, pepper: bytes) -> str:
    return hash_secret(f"{challenge_id}:{digest}:{code}", n=FAST_N, pepper=pepper)


def check_code(challenge_id: str, digest: str, code: str, stored: str, pepper: bytes) -> bool:
    code = code.strip()
    if len(code) != 6 or not code.isdigit():
        return False
    return verify_secret(f"{challenge_id}:{digest}:{code}", stored, pepper=pepper)


_MASK = re.compile(r"\*{2,}[0-9A-Za-z]+")
"""The masked account or card inside a payee ("Ana Pérez ****4321" → "****4321")."""


def sms_text(code: str, summary: Mapping[str, Any]) -> str:
    """The code and what it authorises: the operation, the money that leaves and, where
    there is one, the masked payee (PSD2 RTS art. 5: the payer sees amount and payee).

    `summary` is the challenge's stored summary (title, amount, total, payee).
    """
    what = str(summary["title"])
    money = summary.get("total") or summary.get("amount")
    if money is not None:
        what += f" por {format_money(Decimal(str(money)))}"
    masks = _MASK.findall(str(summary.get("payee") or ""))
    if masks:
        what += f" a ****{masks[-1].lstrip('*')[-4:]}"  # short: an SMS is read at a glance
    return (
        f"Tu código Cooprogreso es {code}. Autoriza: {what}. "
        "Vence en 5 minutos. No lo compartas con nadie."
    )
