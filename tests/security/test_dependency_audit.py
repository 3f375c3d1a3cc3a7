"""`make lint`'s dependency audit fails on a known vulnerability and never pretends it checked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "audit_dependencies.py"
CONNECTION_ERROR = (
    "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): "
    "Max retries exceeded with url: /v1/query (Caused by NameResolutionError(...))"
)


@pytest.fixture(scope="module")
def audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def skipped(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} (1.0)",
    }


def clean(name: str) -> dict[str, Any]:
    return {"name": name, "version": "1.0", "vulns": []}


def answers(
    audit: ModuleType, pypi: list[dict[str, Any]] | None, osv_stderr: str = ""
) -> list[Any]:
    return [
        audit.Answer("pypi", 0, {"dependencies": pypi} if pypi is not None else None),
        audit.Answer("osv", 1, None, osv_stderr),
    ]


def test_dependency_audit_says_not_checked_when_no_vulnerability_service_answers(
    audit: ModuleType,
) -> None:
    verdict = audit.audit(answers(audit, [skipped("flask"), skipped("jinja2")], CONNECTION_ERROR))

    assert verdict.exit_code == 0
    assert verdict.lines[0].startswith(
        "pip-audit could not reach its vulnerability database: not checked"
    )
    assert "pypi: all 2 packages skipped" in verdict.lines[0]
    assert "osv: no connection" in verdict.lines[0]


def test_dependency_audit_fails_on_a_known_vulnerability(audit: ModuleType) -> None:
    vulnerable = {
        "name": "jinja2",
        "version": "2.10",
        "vulns": [{"id": "PYSEC-2019-217", "fix_versions": ["2.10.1"]}],
    }

    verdict = audit.audit(answers(audit, [clean("flask"), vulnerable, skipped("tipsapp")]))

    assert verdict.exit_code == 1
    assert "jinja2 2.10: PYSEC-2019-217 (fixed in 2.10.1)" in verdict.lines
    assert verdict.lines[-1] == (
        "pip-audit (pypi): 2 packages checked, 1 with known vulnerabilities; not checked: tipsapp"
    )


def test_dependency_audit_passes_when_what_it_checked_is_clean(audit: ModuleType) -> None:
    verdict = audit.audit(answers(audit, [clean("flask"), clean("jinja2")]))

    assert verdict.exit_code == 0
    assert verdict.lines == ["pip-audit (pypi): 2 packages checked, none vulnerable"]


def test_dependency_audit_asks_osv_when_pypi_knows_no_package(
    audit: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = []

    def run(service: str) -> Any:
        asked.append(service)
        if service == "pypi":
            return audit.Answer("pypi", 0, {"dependencies": [skipped("flask")]})
        return audit.Answer("osv", 0, {"dependencies": [clean("flask")]})

    monkeypatch.setattr(audit, "run", run)

    assert audit.main() == 0
    assert asked == ["pypi", "osv"]


def test_dependency_audit_fails_when_pip_audit_itself_breaks(audit: ModuleType) -> None:
    broken = [audit.Answer("pypi", 2, None, "pip-audit: error: unrecognized arguments")]

    verdict = audit.audit(broken)

    assert verdict.exit_code == 2
    assert "unrecognized arguments" in verdict.lines[0]
