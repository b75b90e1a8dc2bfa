"""``flask --app app:server users create|list|password|disable|enable``: account
management from the shell. A password change or disabling ends the account's sessions
at once."""

from __future__ import annotations

import sqlite3
import subprocess

import click
from flask.cli import AppGroup

from data_access.accounts import (
    ROLES,
    AccountError,
    add_user,
    list_users,
    set_active,
    set_password,
)
from i18n import t

users = AppGroup("users", help="Create, list, disable accounts and set passwords.")


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--region", help="adcode of the county (role county only)")
@click.option(
    "--department", help="the department's Chinese name (role department only)"
)
@click.option("--name", "display_name", help="name shown in the app")
@click.password_option(help="at least 8 characters; asked for when omitted")
def create_user_command(username, role, region, department, display_name, password):
    """Create an account."""
    try:
        add_user(username, password, role, region, display_name, department)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(t("cli_created", None, username=username, role=role,
                 region=region or department or ""))  # fmt: skip


@users.command("list")
def list_users_command():
    """List accounts (never their passwords)."""
    frame = list_users()
    for row in frame.itertuples():
        state = "" if row.is_active else f" ({t('cli_disabled_mark', None)})"
        click.echo(f"{row.username:<16} {row.role:<10} {row.region or '':<7} "
                   f"{row.display_name}{state}")  # fmt: skip


def _change(action, done: str) -> None:
    """Run an account change; its refusal becomes the command's error message."""
    try:
        action()
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(done)


@users.command("password")
@click.argument("username")
@click.password_option(help="at least 8 characters, not the username")
def password_command(username, password):
    """Set a new password; the account's sessions end."""
    _change(lambda: set_password(username, password),
            t("cli_password_set", None, username=username))  # fmt: skip


@users.command("disable")
@click.argument("username")
def disable_command(username):
    """Disable an account; its sessions end at once."""
    _change(lambda: set_active(username, False),
            t("cli_disabled", None, username=username))  # fmt: skip


@users.command("enable")
@click.argument("username")
def enable_command(username):
    """Enable a disabled account again."""
    _change(
        lambda: set_active(username, True), t("cli_enabled", None, username=username)
    )


database = AppGroup("db", help="Back up, restore and assess the whole database.")


@database.command("assess")
@click.option("--year", type=int, default=None, help="only this year's months")
def assess_command(year):
    """Store the assessment of every period with data (both data modes) now, e.g.
    after a bulk load, so that no reader waits for one."""
    from data_access.engine import get_write_engine, refresh_statistics
    from services.assessment import store_all
    from services.context import rules

    refresh_statistics(get_write_engine(), force=True)  # SQLite's planner, after a load
    count = store_all(rules, year)
    refresh_statistics(get_write_engine(), force=True)  # and of the stored assessment
    click.echo(t("cli_assessed", None, count=count))


@database.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path):
    """Copy the running database to PATH (consistent while the app writes)."""
    from data_access.backup import backup
    from settings import current_settings

    written = backup(current_settings().database_url, path)
    click.echo(t("cli_backup_done", None, path=str(written)))


@database.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.confirmation_option(prompt="Replace the database with this backup?")
def restore_command(path):
    """Replace the database with the backup at PATH."""
    from data_access.backup import restore
    from settings import current_settings

    try:
        restore(current_settings().database_url, path)
    except (ValueError, OSError, sqlite3.Error, subprocess.CalledProcessError) as error:
        reason = getattr(error, "stderr", None) or error
        if isinstance(reason, bytes):
            reason = reason.decode(errors="replace").strip().splitlines()[-1]
        raise click.ClickException(
            t("cli_restore_failed", None, path=str(path), reason=str(reason))
        ) from error
    click.echo(t("cli_restore_done", None, path=str(path)))


deliver = AppGroup("deliver", help="Send the month's results and reminders.")


@deliver.command("run")
@click.option("--year", type=int, default=None, help="the month's year (default: the "
              "month that last ended)")  # fmt: skip
@click.option("--month", type=int, default=None)
@click.option("--force", is_flag=True, help="send a month not yet published too")
def deliver_command(year, month, force):
    """Open the month's automatic 督办 items, send today's reminders and, once the
    month is published, its summaries (the office's bulletin, each county's and each
    department's). Run it daily from cron or a systemd timer: nothing is sent twice;
    failures are retried on the next run (up to three tries) and shown to the office."""
    from presenters.bulletin import delivery_pdf
    from services.delivery import run

    report = run(year, month, force=force, pdf_of=delivery_pdf)
    note = "" if report.published or force else t("cli_not_published", None)
    click.echo(t("cli_delivered", None, sent=report.sent, failed=report.failed,
                 skipped=report.skipped, note=note))  # fmt: skip
    for error in report.errors:
        click.echo(error, err=True)
    if report.failed:
        raise SystemExit(1)
