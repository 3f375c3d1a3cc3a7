"""The second factor: TOTP codes from an authenticator app, and ten one-time recovery codes.

Analysts read texts about violence, so a stolen password alone must not open the console.

* The TOTP secret is **derived**, not stored: ``HMAC(sub_key("totp-secret"), seed)`` where the
  seed is random per enrolment and kept in the row. A copy of the database (a backup, a dump)
  cannot make codes without ``SECRET_KEY``; that is what encrypting the secret under a key
  derived from ``SECRET_KEY`` would give, without a cipher dependency. Rotating ``SECRET_KEY``
  ends every enrolment (staff enrol again), as it would with encryption.
* The secret is shown once, while enrolling; after the confirming code it is never returned.
* Recovery codes are kept as keyed hashes and each works once.
* A TOTP code is accepted once (the last accepted time step is kept), with one step of
  clock drift either way.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, select

from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.security.secrets import group, keyed_hash, normalise_code, readable_code, sub_key
from tipsapp.staff.models import RecoveryCode, StaffUser

ROLES_NEEDING_2FA = ("admin", "analyst")
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 16  # 16 of 30 readable characters: about 78 bits each (ASVS 2.6.2)
ISSUER = "tipsapp"
STEP_SECONDS = 30
# A reused message of marshmallow's (already translated) for a wrong confirming code.
INVALID_VALUE = "Invalid value."


@dataclass(frozen=True)
class Enrolment:
    secret: str
    otpauth_uri: str
    qr_svg: str


def required_for(user: StaffUser) -> bool:
    """Whether this account must have a second factor (``TIPSAPP_REQUIRE_2FA`` and role/org)."""
    if not current_app.config["REQUIRE_2FA"]:
        return False
    return user.role in ROLES_NEEDING_2FA or bool(user.organisation.require_2fa)


def enrolled(user: StaffUser) -> bool:
    return user.totp_enabled_at is not None


def needs_enrolment(user: StaffUser) -> bool:
    """Logged in but not yet enrolled though required: only enrolment is open to them."""
    return required_for(user) and not enrolled(user)


def _secret(user: StaffUser) -> str:
    assert user.totp_seed is not None
    raw = hmac.new(sub_key("totp-secret"), user.totp_seed.encode(), hashlib.sha256).digest()
    return base64.b32encode(raw[:20]).decode()  # 160 bits, as RFC 4226 recommends


def _totp(user: StaffUser) -> pyotp.TOTP:
    return pyotp.TOTP(_secret(user), interval=STEP_SECONDS)


def start_enrolment(user: StaffUser) -> Enrolment:
    """A new secret for the user to scan; 409 once enrolled (the secret is never shown again)."""
    if enrolled(user):
        raise ApiError(409, "conflict", "A second factor is already set up.")
    user.totp_seed = secrets.token_hex(32)
    user.totp_last_step = None
    record(user, "auth.totp_enrolment_started", "user", user.public_id)
    db.session.commit()
    return pending_enrolment(user)


def pending_enrolment(user: StaffUser) -> Enrolment:
    """The started, unconfirmed enrolment again (to retry a wrong code); 409 otherwise."""
    if enrolled(user) or user.totp_seed is None:
        raise ApiError(409, "conflict", "There is no enrolment to confirm.")
    secret = _secret(user)
    uri = pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(
        name=user.email, issuer_name=ISSUER
    )
    return Enrolment(secret=secret, otpauth_uri=uri, qr_svg=qr_svg(uri))


def qr_svg(uri: str) -> str:
    """The otpauth URI as an SVG QR code (no external request: the console's CSP forbids it)."""
    return str(segno.make(uri, error="m").svg_inline(scale=4, title="TOTP"))


def qr_data_uri(uri: str) -> str:
    """The QR code as a ``data:`` image, which the console's CSP (``img-src data:``) allows."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=4))


def confirm_enrolment(user: StaffUser, code: str) -> list[str]:
    """A valid code activates the second factor; returns the recovery codes (shown once)."""
    if enrolled(user) or user.totp_seed is None:
        raise ApiError(409, "conflict", "There is no enrolment to confirm.")
    step = _matching_step(user, code)
    if step is None:
        # Not audited: the user is signed in and mistyped; wrong codes are rate-limited.
        raise ApiError(422, "validation_failed", fields={"code": [INVALID_VALUE]})
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    record(user, "auth.totp_enrolled", "user", user.public_id)
    db.session.commit()
    return codes


def _new_recovery_codes(user: StaffUser) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    now = utcnow()
    codes = [readable_code(RECOVERY_CODE_LENGTH) for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        db.session.add(
            RecoveryCode(user_id=user.id, code_hash=_recovery_hash(code), created_at=now)
        )
    return [group(code) for code in codes]


def _recovery_hash(code: str) -> str:
    return keyed_hash("recovery-code", normalise_code(code))


def _matching_step(user: StaffUser, code: str) -> int | None:
    """The time step whose code this is (now, or one step either side), if not used before."""
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = _totp(user)
    now = utcnow()
    found = None
    for drift in (-1, 0, 1):
        moment = now + timedelta(seconds=drift * STEP_SECONDS)
        if hmac.compare_digest(totp.at(moment), code):
            found = totp.timecode(moment)
    if found is None or (user.totp_last_step is not None and found <= user.totp_last_step):
        return None
    return found


def check(user: StaffUser, otp: str | None, recovery_code: str | None) -> bool:
    """Check a TOTP code or a recovery code, audited either way; the caller commits."""
    if otp:
        step = _matching_step(user, otp)
        if step is not None:
            user.totp_last_step = step
            record(user, "auth.totp_used", "user", user.public_id)
            return True
        why = "otp"
    elif recovery_code:
        row = db.session.scalars(
            select(RecoveryCode).where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == _recovery_hash(recovery_code),
                RecoveryCode.used_at.is_(None),
            )
        ).first()
        if row is not None:
            row.used_at = utcnow()
            db.session.flush()
            left = remaining_recovery_codes(user)
            record(user, "auth.recovery_code_used", "user", user.public_id, detail={"left": left})
            return True
        why = "recovery_code"
    else:
        return False
    record(user, "auth.second_factor_failed", "user", user.public_id, detail={"why": why})
    return False


def reset(user: StaffUser, actor: StaffUser | None, reason: str | None = None) -> None:
    """An admin's answer to a lost phone and lost codes: the second factor and every recovery
    code go, every session ends; the user sets up a new one at the next login. Audited."""
    from tipsapp.staff.service import revoke_all_tokens  # (service imports this module)

    user.totp_seed = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    revoke_all_tokens(user)
    record(actor, "auth.second_factor_reset", "user", user.public_id, reason=reason)
    db.session.commit()


def remaining_recovery_codes(user: StaffUser) -> int:
    rows = db.session.scalars(
        select(RecoveryCode.id).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
    return len(list(rows))
