"""``flask --app app:server users create|list``: account management from the shell."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from data_access.accounts import ROLES, AccountError, add_user, list_users

users = AppGroup("users", help="Create and list accounts.")


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--region", help="adcode of the county (role county only)")
@click.option("--name", "display_name", help="name shown in the app")
@click.password_option(help="at least 8 characters; asked for when omitted")
def create_user_command(username, role, region, display_name, password):
    """Create an account."""
    try:
        add_user(username, password, role, region, display_name)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已创建账号 {username}（{role}{' ' + region if region else ''}）")


@users.command("list")
def list_users_command():
    """List accounts (never their passwords)."""
    frame = list_users()
    for row in frame.itertuples():
        state = "" if row.is_active else " (停用)"
        click.echo(f"{row.username:<16} {row.role:<10} {row.region or '':<7} "
                   f"{row.display_name}{state}")  # fmt: skip
