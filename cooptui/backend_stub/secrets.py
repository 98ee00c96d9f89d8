"""Password, PIN and OTP hashing with scrypt and a per-secret salt.

Stored form: ``scrypt$n$r$p$salt_hex$hash_hex`` so parameters can change later
without breaking stored hashes. Comparison is constant-time.

A 4-digit PIN or a 6-digit code has so few values that its salted hash falls to a
search over all of them in minutes. PINs and codes are therefore peppered: scrypt runs
over HMAC-SHA256(pepper, secret), where the pepper is a key kept outside the database
(`load_pepper`), so the database file alone is not enough (``scrypt+pepper$...``).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

DEFAULT_N = 2**17
"""Passwords: OWASP's scrypt cost (N=2^17, r=8, p=1), about 0.3 s and 128 MiB a hash."""
PIN_N = 2**14
"""PINs: peppered (the pepper is what protects 4 digits), so a lighter cost suffices."""
FAST_N = 2**10  # for short-lived OTP codes and tests
MAXMEM = 2**28  # scrypt's default 32 MiB refuses N=2^17 (it needs 128 MiB)


PEPPER_BYTES = 32
PEPPERED = "scrypt+pepper"


def _material(secret: str, pepper: bytes | None) -> bytes:
    if pepper is None:
        return secret.encode()
    return hmac.new(pepper, secret.encode(), hashlib.sha256).digest()


def hash_secret(
    secret: str, *, n: int = DEFAULT_N, r: int = 8, p: int = 1, pepper: bytes | None = None
) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        _material(secret, pepper), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=MAXMEM
    )
    scheme = "scrypt" if pepper is None else PEPPERED
    return f"{scheme}${n}${r}${p}${salt.hex()}${digest.hex()}"


def verify_secret(secret: str, stored: str, *, pepper: bytes | None = None) -> bool:
    """Check `secret`; a peppered hash needs the pepper, an older plain one does not."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme == "scrypt":
        material = _material(secret, None)
    elif scheme == PEPPERED and pepper is not None:
        material = _material(secret, pepper)
    else:
        return False
    digest = hashlib.scrypt(
        material,
        salt=bytes.fromhex(salt_hex),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=32,
        maxmem=MAXMEM,
    )
    return hmac.compare_digest(digest.hex(), digest_hex)


def load_pepper(path: Path) -> bytes:
    """The bank's pepper, from its own file (0600), created at the first open.

    A damaged file is an error, not a new pepper: that would silently void every PIN.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pepper = path.read_bytes()
        if len(pepper) != PEPPER_BYTES:
            raise RuntimeError(f"la clave del banco en {path} está dañada") from None
        return pepper
    pepper = secrets.token_bytes(PEPPER_BYTES)
    with os.fdopen(fd, "wb") as out:
        out.write(pepper)
    return pepper


def fingerprint(value: str) -> str:
    """A stable, non-reversible id for lookups (device ids, session tokens, card numbers)."""
    return hashlib.sha256(value.encode()).hexdigest()


def new_token() -> str:
    """A session token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)
