"""Accounts, organisations and tokens: everything about who a staff member is."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from tipsapp.audit.service import record
from tipsapp.common.clock import utcnow
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.reference.models import Area
from tipsapp.staff import second_factor, sessions
from tipsapp.staff.models import ORGANISATION_KINDS, ROLES, AuthToken, Organisation, StaffUser
from tipsapp.staff.passwords import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from tipsapp.staff.strength import password_feedback


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_in: int
    user: StaffUser


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_password_rules(
    password: str,
    email: str = "",
    display_name: str = "",
    language: str = "en",
    field: str = "password",
) -> None:
    """Refuse a new password that is short, guessable, or made of its owner's e-mail or name.

    The length message is marshmallow-style English (the envelope translates it); the
    strength feedback is written in ``language`` (sv or en, the staff languages).
    """
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Must be at least {MIN_PASSWORD_LENGTH} characters.")
    problems += password_feedback(password, email, display_name, language)
    if problems:
        raise ApiError(422, "validation_failed", fields={field: problems})


def organisation_by_name(name: str) -> Organisation | None:
    return db.session.scalars(select(Organisation).where(Organisation.name == name)).first()


def organisation_by_public_id(public_id: str) -> Organisation | None:
    return db.session.scalars(
        select(Organisation).where(Organisation.public_id == public_id)
    ).first()


def user_by_email(email: str) -> StaffUser | None:
    return db.session.scalars(
        select(StaffUser).where(StaffUser.email == normalise_email(email))
    ).first()


def user_by_public_id(public_id: str) -> StaffUser | None:
    return db.session.scalars(select(StaffUser).where(StaffUser.public_id == public_id)).first()


def _areas_by_code(codes: list[str]) -> list[Area]:
    areas = list(db.session.scalars(select(Area).where(Area.code.in_(codes))))
    unknown = sorted(set(codes) - {area.code for area in areas})
    if unknown:
        raise ApiError(422, "validation_failed", fields={"areas": [f"Unknown area: {unknown}"]})
    return areas


def create_organisation(
    name: str,
    kind: str,
    area_codes: list[str],
    actor: StaffUser | None = None,
    require_2fa: bool = False,
) -> Organisation:
    if kind not in ORGANISATION_KINDS:
        raise ApiError(422, "validation_failed", fields={"kind": ["Unknown kind."]})
    if organisation_by_name(name) is not None:
        raise ApiError(409, "conflict", fields={"name": ["An organisation has this name."]})
    organisation = Organisation(name=name, kind=kind, created_at=utcnow(), require_2fa=require_2fa)
    organisation.areas = _areas_by_code(area_codes)
    db.session.add(organisation)
    db.session.flush()
    record(
        actor,
        "organisation.create",
        "organisation",
        organisation.public_id,
        detail={
            "name": name,
            "kind": kind,
            "areas": sorted(area_codes),
            "require_2fa": require_2fa,
        },
    )
    db.session.commit()
    return organisation


def set_organisation_areas(
    organisation: Organisation, area_codes: list[str], actor: StaffUser | None = None
) -> Organisation:
    before = organisation.area_codes
    organisation.areas = _areas_by_code(area_codes)
    record(
        actor,
        "organisation.set_areas",
        "organisation",
        organisation.public_id,
        detail={"before": before, "after": sorted(area_codes)},
    )
    db.session.commit()
    return organisation


def create_user(
    email: str,
    display_name: str,
    password: str,
    role: str,
    organisation: Organisation,
    actor: StaffUser | None = None,
    language: str = "en",
) -> StaffUser:
    """A new account; ``language`` (sv or en) is that of the feedback on a weak password."""
    if role not in ROLES:
        raise ApiError(422, "validation_failed", fields={"role": ["Unknown role."]})
    check_password_rules(password, email, display_name, language)
    if user_by_email(email) is not None:
        raise ApiError(409, "conflict", fields={"email": ["An account has this e-mail."]})
    user = StaffUser(
        email=normalise_email(email),
        display_name=display_name,
        password_hash=hash_password(password),
        role=role,
        organisation=organisation,
        created_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    record(
        actor,
        "user.create",
        "user",
        user.public_id,
        detail={"email": user.email, "role": role, "organisation": organisation.name},
    )
    db.session.commit()
    return user


def set_organisation_2fa(
    organisation: Organisation, required: bool, actor: StaffUser | None = None
) -> Organisation:
    """Ask a second factor of every member (partners, reporters) when 2FA is enforced."""
    if organisation.require_2fa != required:
        organisation.require_2fa = required
        record(
            actor,
            "organisation.set_2fa",
            "organisation",
            organisation.public_id,
            detail={"require_2fa": required},
        )
        db.session.commit()
    return organisation


def revoke_all_tokens(user: StaffUser) -> None:
    db.session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user.id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def set_role(user: StaffUser, role: str, actor: StaffUser | None = None) -> StaffUser:
    if role not in ROLES:
        raise ApiError(422, "validation_failed", fields={"role": ["Unknown role."]})
    before = user.role
    user.role = role
    # A new role means new rights: make the holder log in again to get them.
    revoke_all_tokens(user)
    record(actor, "user.set_role", "user", user.public_id, detail={"before": before, "after": role})
    db.session.commit()
    return user


def set_disabled(
    user: StaffUser, disabled: bool, actor: StaffUser | None = None, reason: str | None = None
) -> StaffUser:
    user.disabled_at = utcnow() if disabled else None
    if disabled:
        revoke_all_tokens(user)
    record(
        actor, "user.disable" if disabled else "user.enable", "user", user.public_id, reason=reason
    )
    db.session.commit()
    return user


def change_password(user: StaffUser, current: str, new: str, language: str = "en") -> None:
    if not verify_password(user.password_hash, current):
        raise ApiError(422, "validation_failed", fields={"current_password": ["Wrong password."]})
    check_password_rules(new, user.email, user.display_name, language, field="new_password")
    user.password_hash = hash_password(new)
    revoke_all_tokens(user)
    record(user, "user.change_password", "user", user.public_id)
    db.session.commit()


def check_password(email: str, password: str) -> StaffUser:
    """The active account with this e-mail and password; the same 401 for every failure."""
    user = user_by_email(email)
    valid = verify_password(user.password_hash if user else None, password)
    if user is None or not valid or not user.active:
        if user is not None:
            # Audited for a real account only: what was typed for an unknown one may be a
            # password in the wrong field, and is kept nowhere.
            why = "disabled" if valid else "password"
            record(None, "auth.login_failed", "user", user.public_id, detail={"why": why})
            db.session.commit()
        raise ApiError(401, "invalid_credentials")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def login(
    email: str,
    password: str,
    otp: str | None = None,
    recovery_code: str | None = None,
    via: str = "api",
    device: str | None = None,
) -> IssuedToken:
    """Check the password, then the second factor when the account has one, and issue a token.

    Without a code an enrolled account gets 401 ``second_factor_required`` (the client sends
    the same request again with ``otp`` or ``recovery_code``); a wrong code 401
    ``invalid_second_factor``, counted against the login limits like a wrong password.
    """
    user = check_password(email, password)
    if second_factor.enrolled(user):
        if not otp and not recovery_code:
            db.session.commit()  # a rehashed password is kept
            raise ApiError(401, "second_factor_required")
        return finish_second_factor(user, otp, recovery_code, via, device)
    return issue_token(user, via, device)


def finish_second_factor(
    user: StaffUser, otp: str | None, recovery_code: str | None, via: str, device: str | None
) -> IssuedToken:
    """The login's second step, after the password was checked (now or by the console form)."""
    if not second_factor.check(user, otp, recovery_code):
        db.session.commit()
        raise ApiError(401, "invalid_second_factor")
    return issue_token(user, via, device)


def issue_token(user: StaffUser, via: str = "api", device: str | None = None) -> IssuedToken:
    token = secrets.token_urlsafe(32)  # 256 bits
    ttl = int(current_app.config["TOKEN_TTL_MINUTES"]) * 60
    now = utcnow()
    db.session.add(
        AuthToken(
            token_hash=hash_token(token),
            user=user,
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
            last_used_at=now,
            via=via,
            device_kind=device,
        )
    )
    record(user, "auth.login", "user", user.public_id)
    db.session.commit()
    return IssuedToken(token=token, expires_in=ttl, user=user)


def user_for_token(token: str) -> StaffUser | None:
    """The active user behind a live token (unexpired, unrevoked, not idle too long), or None."""
    row = db.session.scalars(
        select(AuthToken).where(AuthToken.token_hash == hash_token(token))
    ).first()
    now = utcnow()
    if row is None or not sessions.is_live(row, now):
        return None
    if not row.user.active:
        return None
    sessions.note_use(row, now)
    return row.user


def logout(token: str) -> None:
    row = db.session.scalars(
        select(AuthToken).where(AuthToken.token_hash == hash_token(token))
    ).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        record(row.user, "auth.logout", "user", row.user.public_id)
        db.session.commit()
