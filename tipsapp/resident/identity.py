"""Who stands behind the service: names, logo, contact and the two notices every page links.

Set by configuration (the README's ``TIPSAPP_IDENTITY_*`` variables); ``flask identity show``
prints what the pages will say. A resident page that looks official must say whose it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, url_for

LOGO_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}


@dataclass(frozen=True)
class Identity:
    municipality: str
    police_area: str
    contact: str
    logo_url: str | None
    privacy_url: str
    accessibility_url: str
    about_url: str


def logo_path() -> Path | None:
    configured = current_app.config.get("IDENTITY_LOGO")
    if not configured:
        return None
    path = Path(configured)
    return path if path.suffix.lower() in LOGO_TYPES and path.is_file() else None


def current_identity() -> Identity:
    config = current_app.config
    about = url_for("resident_pages.about")
    return Identity(
        municipality=config["IDENTITY_MUNICIPALITY"],
        police_area=config["IDENTITY_POLICE_AREA"],
        contact=config["IDENTITY_CONTACT"],
        logo_url=url_for("resident_pages.logo") if logo_path() is not None else None,
        # Without a notice of its own, the about page's personal-data section is the notice.
        privacy_url=config["IDENTITY_PRIVACY_URL"] or f"{about}#personuppgifter",
        accessibility_url=url_for("resident_pages.accessibility"),
        about_url=about,
    )
