"""The gettext catalogues on disk: extract, update, compile, and how complete each one is.

The texts are not scattered ``_()`` calls but named tables (``tipsapp.i18n.Table``), so the
template (``.pot``) is built from those tables, not by scanning the source. Babel reads and
writes the ``.po`` and ``.mo`` files.

A catalogue says whether a native speaker has reviewed it in its header comment, on a line
``Review: reviewed by NAME on DATE`` (anything else, or none, counts as awaiting review).
"""

from __future__ import annotations

import importlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from tipsapp.i18n import BY_CODE, DOMAINS, SOURCE_LANGUAGE, TRANSLATIONS_DIR, Table

# Every module that defines translation tables; importing them fills Table.registry.
TABLE_MODULES = (
    "tipsapp.common.i18n",
    "tipsapp.resident.texts",
    "tipsapp.console.texts",
    "tipsapp.reports.pages",
    "tipsapp.photos.service",
    "tipsapp.staff.strength",
)
PROJECT = "tipsapp"
AWAITING_REVIEW = "Review: awaiting review by a native speaker"


def tables(domain: str) -> list[Table]:
    for module in TABLE_MODULES:
        importlib.import_module(module)
    # By name: the catalogues keep one order whatever imported the tables first.
    return sorted(
        (table for table in Table.registry.values() if table.domain == domain),
        key=lambda table: table.name,
    )


def template(domain: str) -> Catalog:
    """Every text of a domain as an untranslated catalogue (the ``.pot``)."""
    catalog = Catalog(project=PROJECT, fuzzy=False)
    for table in tables(domain):
        for key, msgid in table.entries.items():
            catalog.add(msgid, context=table.context(key), auto_comments=[f"{table.name}:{key}"])
    return catalog


def po_path(language: str, domain: str) -> Path:
    return TRANSLATIONS_DIR / BY_CODE[language].catalogue / "LC_MESSAGES" / f"{domain}.po"


def catalogue_languages(domain: str) -> list[str]:
    """The languages with a catalogue of their own (English is the source: it has none)."""
    return [language for language in DOMAINS[domain] if language != SOURCE_LANGUAGE]


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=BY_CODE[language].locale)


def _without_dates(content: bytes) -> bytes:
    return b"\n".join(
        line for line in content.split(b"\n") if not line.startswith(b'"POT-Creation-Date:')
    )


def write(path: Path, catalog: Catalog) -> None:
    """Write a catalogue; one that changed only its creation date is left as it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, include_previous=True)
    content = buffer.getvalue()
    if path.is_file() and _without_dates(path.read_bytes()) == _without_dates(content):
        return
    path.write_bytes(content)


def extract(domain: str) -> Path:
    """Write ``translations/<domain>.pot`` from the tables."""
    path = TRANSLATIONS_DIR / f"{domain}.pot"
    write(path, template(domain))
    return path


def update(domain: str) -> list[Path]:
    """Bring each language's ``.po`` up to the template: new texts empty, changed ones fuzzy."""
    pot = template(domain)
    written = []
    for language in catalogue_languages(domain):
        path = po_path(language, domain)
        if path.is_file():
            catalog = read(path, language)
        else:
            catalog = Catalog(locale=BY_CODE[language].locale, project=PROJECT, fuzzy=False)
            catalog.header_comment = f"# {PROJECT} {domain}: {language}.\n# {AWAITING_REVIEW}"
        catalog.update(pot)
        catalog.obsolete.clear()
        write(path, catalog)
        written.append(path)
    return written


def compile_catalog(language: str, domain: str) -> bytes:
    """The ``.mo`` bytes of one ``.po`` (fuzzy entries left out: they may be wrong)."""
    catalog = read(po_path(language, domain), language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> list[Path]:
    written = []
    for domain in DOMAINS:
        for language in catalogue_languages(domain):
            source = po_path(language, domain)
            if not source.is_file():
                continue
            target = source.with_suffix(".mo")
            if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
                continue
            target.write_bytes(compile_catalog(language, domain))
            written.append(target)
    return written


@dataclass(frozen=True)
class CatalogueStatus:
    language: str
    domain: str
    entries: int
    untranslated: int
    fuzzy: int
    review: str


def review_of(catalog: Catalog) -> str:
    for line in (catalog.header_comment or "").splitlines():
        text = line.lstrip("# ").strip()
        lowered = text.lower()
        if lowered.startswith("review:") and "reviewed by" in lowered and "awaiting" not in lowered:
            return text.split(":", 1)[1].strip()
    return "awaiting review"


def status(domain: str) -> list[CatalogueStatus]:
    pot = template(domain)
    wanted = {(message.context, message.id) for message in pot if message.id}
    rows = []
    for language in catalogue_languages(domain):
        path = po_path(language, domain)
        if not path.is_file():
            rows.append(CatalogueStatus(language, domain, len(wanted), len(wanted), 0, "missing"))
            continue
        catalog = read(path, language)
        translated = fuzzy = 0
        for message in catalog:
            if not message.id or (message.context, message.id) not in wanted:
                continue
            if message.fuzzy:
                fuzzy += 1
            elif message.string:
                translated += 1
        rows.append(
            CatalogueStatus(
                language,
                domain,
                len(wanted),
                len(wanted) - translated - fuzzy,
                fuzzy,
                review_of(catalog),
            )
        )
    return rows


def mark_reviewed(language: str, domain: str, reviewer: str) -> Path:
    """Record that a native speaker has read the whole catalogue."""
    path = po_path(language, domain)
    catalog = read(path, language)
    today = datetime.now(UTC).date().isoformat()
    lines = [
        line
        for line in (catalog.header_comment or "").splitlines()
        if not line.lstrip("# ").lower().startswith("review:")
    ]
    lines.append(f"# Review: reviewed by {reviewer} on {today}")
    catalog.header_comment = "\n".join(lines)
    write(path, catalog)
    return path
