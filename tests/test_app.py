"""The app factory, its configuration, and the one JSON error shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tipsapp import create_app
from tipsapp.config import ConfigError


def test_production_without_secret_key_refuses_to_start(monkeypatch: Any) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app({"TIPSAPP_ENV": "production", "SECRET_KEY": None})


def test_development_secret_key_is_generated_once_into_the_instance_folder(
    tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("TIPSAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)

    first = create_app({"TIPSAPP_ENV": "development"})
    second = create_app({"TIPSAPP_ENV": "development"})

    key_file = tmp_path / "secret_key"
    assert key_file.exists()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) >= 32


def test_settings_come_from_environment_variables(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setenv("TIPSAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone@db.example/tips")
    monkeypatch.setenv("TIPSAPP_RATELIMIT_STORAGE_URI", "redis://cache.example:6379/2")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")

    app = create_app()

    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.example/tips"
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://cache.example:6379/2"
    assert app.config["SECRET_KEY"] == "from-the-environment"


def test_default_database_is_sqlite_in_the_instance_folder(
    monkeypatch: Any, tmp_path: Path
) -> None:
    monkeypatch.setenv("TIPSAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)

    app = create_app({"TIPSAPP_ENV": "testing"})

    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'tipsapp.sqlite3'}"


def test_sqlite_runs_with_wal_and_foreign_keys(app: Any) -> None:
    from tipsapp.extensions import db

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite only")
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/no/such/page", 404, "not_found"),
        ("get", "/api/v1/nothing-here", 404, "not_found"),
        ("delete", "/api/v1/tips", 405, "method_not_allowed"),
        ("put", "/api/v1/areas", 405, "method_not_allowed"),
        ("get", "/api/v1/tips", 405, "method_not_allowed"),
    ],
)
def test_errors_are_json_never_html(
    client: Any, method: str, path: str, status: int, code: str
) -> None:
    response = getattr(client, method)(path)

    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert (error["status"], error["code"]) == (status, code)
    assert error["message"]
    assert "<html" not in response.get_data(as_text=True).lower()


def test_405_names_the_allowed_methods(client: Any) -> None:
    allowed = {
        method.strip() for method in client.delete("/api/v1/tips").headers["Allow"].split(",")
    }
    assert "POST" in allowed
    assert "DELETE" not in allowed


def test_error_message_follows_accept_language(client: Any) -> None:
    response = client.get("/nope", headers={"Accept-Language": "en"})
    assert response.get_json()["error"]["message"] == "Not found."


def _connection_refused() -> Exception:
    from sqlalchemy.exc import OperationalError

    return OperationalError("SELECT 1", {}, Exception("connection refused"))


def _transaction_broken() -> Exception:
    from sqlalchemy.exc import PendingRollbackError

    return PendingRollbackError("connection refused: the transaction was rolled back")


def _pool_exhausted() -> Exception:
    from sqlalchemy.exc import TimeoutError as PoolTimeoutError

    return PoolTimeoutError("QueuePool limit reached, connection refused in time")


@pytest.mark.parametrize("failure", [_connection_refused, _transaction_broken, _pool_exhausted])
def test_database_outage_answers_503_with_retry_after(
    client: Any, monkeypatch: Any, failure: Any
) -> None:
    def down(*_args: Any, **_kwargs: Any) -> Any:
        raise failure()

    monkeypatch.setattr("tipsapp.tips.service.submit_tip", down)
    response = client.post("/api/v1/tips", json={"area": "gislaved", "text": "Något hände här."})

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "service_unavailable"
    assert response.headers["Retry-After"].isdigit()
    assert "connection refused" not in response.get_data(as_text=True)


def test_api_answers_carry_security_headers(client: Any) -> None:
    headers = client.get("/api/v1/areas").headers

    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"


def test_openapi_document_describes_tips_and_the_error_shape(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()

    assert spec["openapi"].startswith("3.")
    post = spec["paths"]["/api/v1/tips"]["post"]
    assert {"201", "422", "429"} <= set(post["responses"])
    assert "/api/v1/tips/status" in spec["paths"]
    assert "Idempotency-Key" in {p["name"] for p in post["parameters"]}
    error_schema = spec["components"]["schemas"]["Error"]
    assert "error" in error_schema["properties"]


def test_docs_page_lists_the_operations_without_external_resources(client: Any) -> None:
    response = client.get("/api/docs")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "/api/v1/tips" in page
    assert "Send an anonymous tip" in page
    assert "http://" not in page and "https://" not in page


def test_missing_instance_folder_is_created_for_the_database(
    tmp_path: Path, monkeypatch: Any
) -> None:
    instance = tmp_path / "not-yet"
    monkeypatch.setenv("TIPSAPP_INSTANCE_PATH", str(instance))

    create_app({"TIPSAPP_ENV": "production", "SECRET_KEY": "set-in-the-environment"})

    assert instance.is_dir()


def test_unknown_route_with_a_non_json_body_gets_404_not_415(client: Any) -> None:
    response = client.post("/api/v1/nowhere", data=b"\x89PNG", content_type="image/png")

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
