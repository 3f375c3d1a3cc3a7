"""``flask`` commands, grouped by domain."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from tipsapp.backup.cli import backup_cli
from tipsapp.common import idempotency
from tipsapp.common.i18n import text
from tipsapp.errors import ApiError
from tipsapp.extensions import db
from tipsapp.i18n import STAFF_LANGUAGES
from tipsapp.i18n.cli import i18n_cli
from tipsapp.photos.cli import photos_cli
from tipsapp.public.cli import promise_cli
from tipsapp.public.service import seed_promises
from tipsapp.reference import service as reference
from tipsapp.retention.cli import retention_cli
from tipsapp.staff import service as staff
from tipsapp.staff.models import ORGANISATION_KINDS, ROLES, Organisation, StaffUser
from tipsapp.triage import service as triage_service
from tipsapp.triage.suggester import forget, model_path

areas_cli = AppGroup("areas", help="Areas (municipalities).")
tips_cli = AppGroup("tips", help="Tip housekeeping.")
users_cli = AppGroup("users", help="Staff accounts.")
orgs_cli = AppGroup("orgs", help="Organisations and the areas of their agreements.")
triage_cli = AppGroup("triage", help="The automatic triage model.")


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Write the categories, seed areas and the 2022 promise (safe to repeat)."""
    created = reference.seed_reference_data()
    promises = seed_promises()
    click.echo(
        f"seeded: {created['categories']} new categories, {created['areas']} new areas, "
        f"{created['districts']} new districts, {promises} new promise texts"
    )


@areas_cli.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--police-area", default=None, help="The local police area it belongs to.")
def add_area_command(code: str, name: str, police_area: str | None) -> None:
    """Add an area CODE with display NAME (or rename an existing one)."""
    area, created = reference.add_area(code.strip().lower(), name.strip(), police_area)
    click.echo(f"{'added' if created else 'updated'} area {area.code}: {area.name}")


@areas_cli.command("cadence")
@click.argument("code")
@click.option(
    "--weekday",
    type=click.IntRange(0, 6),
    required=True,
    help="The joint meeting's weekday: 0 Monday ... 6 Sunday.",
)
@click.option(
    "--every",
    "every_weeks",
    type=click.IntRange(1, 8),
    default=1,
    show_default=True,
    help="How many ISO weeks one report covers.",
)
def cadence_command(code: str, weekday: int, every_weeks: int) -> None:
    """Set when area CODE meets over its report, and how many weeks a report covers."""
    area = reference.area_by_code(code)
    if area is None:
        raise click.ClickException(f"no area {code}")
    area.report_weekday, area.report_every_weeks = weekday, every_weeks
    db.session.commit()
    click.echo(f"{area.code}: meeting on weekday {weekday}, a report every {every_weeks} week(s)")


@areas_cli.command("list")
def list_areas_command() -> None:
    for area in reference.list_areas():
        click.echo(f"{area.code}\t{area.name}\t{area.police_area or ''}")


@tips_cli.command("purge-keys")
def purge_keys_command() -> None:
    """Delete expired idempotency keys (run daily from cron)."""
    click.echo(f"removed {idempotency.purge_expired()} expired idempotency keys")


def _fail(error: ApiError) -> None:
    """A refusal in plain sentences: "The password must be at least 12 characters." """
    if not error.fields:
        raise click.ClickException(error.message or text(error.code, "en"))
    sentences = []
    for field, messages in error.fields.items():
        name, others = field.replace("_", " "), []
        for message in messages if isinstance(messages, list) else [messages]:
            words = str(message)
            if words.split(" ", 1)[0] in ("Must", "May", "Is", "Has"):
                sentences.append(f"The {name} {words[0].lower()}{words[1:]}")
            else:
                others.append(words)
        if others:
            sentences.append(f"{name.capitalize()}: {' '.join(others)}")
    raise click.ClickException(" ".join(sentences))


def _user(email: str) -> StaffUser:
    user = staff.user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account with e-mail {email}")
    return user


@orgs_cli.command("create")
@click.argument("name")
@click.option("--kind", type=click.Choice(ORGANISATION_KINDS), required=True)
@click.option("--areas", default="", help="Comma-separated area codes of the agreement.")
def create_org_command(name: str, kind: str, areas: str) -> None:
    """Create an organisation NAME."""
    codes = [code.strip() for code in areas.split(",") if code.strip()]
    try:
        organisation = staff.create_organisation(name, kind, codes)
    except ApiError as error:
        _fail(error)
    click.echo(
        f"created organisation {organisation.name} ({organisation.kind}) "
        f"areas={','.join(organisation.area_codes)} id={organisation.public_id}"
    )


@orgs_cli.command("list")
def list_orgs_command() -> None:
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.name)):
        click.echo(
            f"{organisation.public_id}\t{organisation.kind}\t{organisation.name}\t"
            f"{','.join(organisation.area_codes)}"
        )


@users_cli.command("create")
@click.argument("email")
@click.option("--name", "display_name", required=True, help="The name colleagues see.")
@click.option("--org", "organisation_name", required=True, help="Organisation name.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.password_option(
    help="Prompted for (twice) when not given; or TIPSAPP_NEW_PASSWORD.",
    envvar="TIPSAPP_NEW_PASSWORD",
)
@click.option(
    "--lang",
    "language",
    type=click.Choice(STAFF_LANGUAGES),
    default="en",
    show_default=True,
    help="The language of the advice on a weak password.",
)
def create_user_command(
    email: str, display_name: str, organisation_name: str, role: str, password: str, language: str
) -> None:
    """Create a staff account EMAIL."""
    organisation = staff.organisation_by_name(organisation_name)
    if organisation is None:
        raise click.ClickException(f"no organisation named {organisation_name}")
    try:
        user = staff.create_user(
            email, display_name, password, role, organisation, language=language
        )
    except ApiError as error:
        _fail(error)
    click.echo(f"created {user.email} ({user.role}, {organisation.name})")


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def set_role_command(email: str, role: str) -> None:
    """Give EMAIL a new ROLE (their tokens are revoked)."""
    user = staff.set_role(_user(email), role)
    click.echo(f"{user.email} is now {user.role}")


@users_cli.command("disable")
@click.argument("email")
@click.option("--reason", default=None)
def disable_command(email: str, reason: str | None) -> None:
    """Disable EMAIL's account and revoke its tokens."""
    user = staff.set_disabled(_user(email), True, reason=reason)
    click.echo(f"disabled {user.email}")


@users_cli.command("reset-2fa")
@click.argument("email")
@click.option("--reason", default=None, help="Kept in the audit log.")
def reset_second_factor_command(email: str, reason: str | None) -> None:
    """Remove EMAIL's second factor and recovery codes and end their sessions (a lost phone and
    lost codes); they set up a new one at their next login."""
    from tipsapp.staff import second_factor

    user = _user(email)
    second_factor.reset(user, actor=None, reason=reason)
    click.echo(f"{user.email}: second factor removed, sessions ended; they set it up again")


@triage_cli.command("train")
@click.option(
    "--from-file",
    "from_file",
    type=click.Path(exists=True, dir_okay=False),
    help="JSONL with 'text' and 'category' per line, instead of analysts' decisions.",
)
@click.option("--min-examples", default=50, show_default=True)
def train_command(from_file: str | None, min_examples: int) -> None:
    """Fit a model from the categories analysts confirmed (needs `pip install .[ml]`)."""
    try:
        from tipsapp.triage import ml
    except ImportError as exc:  # pragma: no cover - ml imports lazily
        raise click.ClickException("scikit-learn is missing: pip install '.[ml]'") from exc
    if from_file:
        examples = []
        with open(from_file, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    row = json.loads(line)
                    examples.append((str(row["text"]), str(row["category"])))
    else:
        examples = triage_service.confirmed_examples()
    if len(examples) < min_examples:
        raise click.ClickException(
            f"only {len(examples)} examples; at least {min_examples} are needed"
        )
    try:
        model = ml.train(examples)
    except ImportError as exc:
        raise click.ClickException("scikit-learn is missing: pip install '.[ml]'") from exc
    except ValueError as exc:
        # e.g. every example has the same category: there is nothing to tell apart.
        raise click.ClickException(f"cannot train on these examples: {exc}") from exc
    path = model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    ml.save(model, path)
    forget(path)
    click.echo(f"trained on {len(examples)} examples; model written to {path}")


@triage_cli.command("remask")
def remask_command() -> None:
    """Rewrite every item's stored masked excerpt, after the masking rules changed."""
    with db.engine.begin() as connection:
        count = triage_service.remask_excerpts(connection)
    click.echo(f"rewrote the masked excerpt of {count} items")


def register_cli(app: Flask) -> None:
    app.cli.add_command(seed_command)
    app.cli.add_command(areas_cli)
    app.cli.add_command(tips_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(orgs_cli)
    app.cli.add_command(triage_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(photos_cli)
    app.cli.add_command(i18n_cli)
    app.cli.add_command(promise_cli)
    app.cli.add_command(identity_command)

    from tipsapp.handover.cli import recipients_cli
    from tipsapp.notifications.cli import notifications_cli
    from tipsapp.outbox.cli import worker_command

    app.cli.add_command(recipients_cli)
    app.cli.add_command(notifications_cli)
    app.cli.add_command(worker_command)


@click.command("identity")
def identity_command() -> None:
    """Print whose service the pages say this is (the TIPSAPP_IDENTITY_* settings)."""
    from flask import current_app

    from tipsapp.resident.identity import logo_path

    config = current_app.config
    click.echo(f"municipality:  {config['IDENTITY_MUNICIPALITY']}")
    click.echo(f"police area:   {config['IDENTITY_POLICE_AREA']}")
    click.echo(f"contact:       {config['IDENTITY_CONTACT'] or '(none)'}")
    logo = logo_path()
    configured = config.get("IDENTITY_LOGO")
    unreadable = f"(not readable: {configured})" if configured else "(none)"
    click.echo(f"logo:          {logo or unreadable}")
    click.echo(f"privacy notice: {config['IDENTITY_PRIVACY_URL'] or '/om#personuppgifter'}")
    click.echo("accessibility: /tillganglighet")
