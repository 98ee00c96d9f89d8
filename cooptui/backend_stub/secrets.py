"""Password, PIN and OTP hashing with scrypt and a per-secret salt.

Stored form: ``scrypt$n$r$p$salt_hex$hash_hex`` so parameters can change later
without breaking stored hashes. Comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

DEFAULT_N = 2**14
FAST_N = 2**10  # for short-lived OTP codes and tests


def hash_secret(secret: str, *, n: int = DEFAULT_N, r: int = 8, p: int = 1) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def verify_secret(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(
        secret.encode(), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(digest.hex(), digest_hex)


def fingerprint(value: str) -> str:
    """A stable, non-reversible id for lookups (device ids, session tokens, card numbers)."""
    return hashlib.sha256(value.encode()).hexdigest()


def new_token() -> str:
    """A session token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)
