"""The first admin is made from the command line; a refusal reads as a sentence."""

from __future__ import annotations

from typing import Any


def test_a_short_password_is_refused_in_a_plain_sentence(runner: Any) -> None:
    runner.invoke(args=["orgs", "create", "Gislaveds kommun", "--kind", "municipality"])
    result = runner.invoke(
        args=[
            "users",
            "create",
            "admin@example.se",
            "--name",
            "Admin",
            "--org",
            "Gislaveds kommun",
            "--role",
            "admin",
        ],
        env={"TIPSAPP_NEW_PASSWORD": "short"},
    )

    assert result.exit_code != 0
    assert "The password must be at least 12 characters." in result.output
    assert "validation_failed" not in result.output


def test_the_password_can_come_from_the_environment(runner: Any) -> None:
    runner.invoke(args=["orgs", "create", "Gislaveds kommun", "--kind", "municipality"])
    result = runner.invoke(
        args=[
            "users",
            "create",
            "admin@example.se",
            "--name",
            "Admin",
            "--org",
            "Gislaveds kommun",
            "--role",
            "admin",
        ],
        env={"TIPSAPP_NEW_PASSWORD": "a long enough passphrase"},
    )

    assert result.exit_code == 0, result.output
    assert "created admin@example.se (admin, Gislaveds kommun)" in result.output
