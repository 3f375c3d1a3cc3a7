"""`make lint`'s dependency audit: pip-audit, honest about whether it could check anything.

pip-audit asks a vulnerability service about each installed package: PyPI's JSON API (its
default) or OSV. On a machine that reaches only a package index, neither answers: PyPI's
per-version JSON is not served (every package comes back "not found on PyPI") and OSV does not
resolve, and pip-audit still prints "No known vulnerabilities found" and exits 0. This wrapper
says instead that nothing was checked, and does not fail lint for it; a vulnerability found in
a package that could be checked fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SERVICES = ("pypi", "osv")
TIMEOUT_SECONDS = 15
# Words in pip-audit's traceback when the service cannot be reached at all.
UNREACHABLE = ("ConnectionError", "NameResolutionError", "Timeout", "Max retries exceeded")
NOT_CHECKED = "pip-audit could not reach its vulnerability database: not checked"


@dataclass
class Answer:
    """What one pip-audit run said: its exit code, its JSON report (if any) and its stderr."""

    service: str
    returncode: int
    report: dict[str, Any] | None
    stderr: str = ""


@dataclass
class Verdict:
    exit_code: int
    lines: list[str] = field(default_factory=list)


def run(service: str) -> Answer:
    """pip-audit over this environment's installed packages (not tipsapp itself, editable)."""
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [str(pip_audit), "--local", "--skip-editable", "--format", "json"]
    command += ["--progress-spinner", "off", "--timeout", str(TIMEOUT_SECONDS), "-s", service]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        report = json.loads(done.stdout)
    except ValueError:
        report = None
    return Answer(service, done.returncode, report, done.stderr)


def _unreachable_reason(answer: Answer) -> str | None:
    """Why ``answer`` checked nothing, or None when it checked something."""
    if answer.report is None:
        found = [word for word in UNREACHABLE if word in answer.stderr]
        return f"{answer.service}: no connection ({found[0]})" if found else None
    dependencies = answer.report.get("dependencies", [])
    if any("skip_reason" not in dependency for dependency in dependencies):
        return None
    first = dependencies[0]["skip_reason"] if dependencies else "no packages"
    return f"{answer.service}: all {len(dependencies)} packages skipped, e.g. “{first}”"


def _fixes(vulnerability: dict[str, Any]) -> str:
    return ", ".join(vulnerability.get("fix_versions", [])) or "no release yet"


def judge(answer: Answer) -> Verdict | None:
    """The verdict of one service's answer, or None when that service could not be reached."""
    if _unreachable_reason(answer) is not None:
        return None
    if answer.report is None:
        return Verdict(answer.returncode or 1, [f"pip-audit failed:\n{answer.stderr.strip()}"])
    dependencies = answer.report.get("dependencies", [])
    checked = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d["name"] for d in dependencies if "skip_reason" in d]
    vulnerable = [d for d in checked if d.get("vulns")]
    lines = [
        f"{d['name']} {d['version']}: {v['id']} (fixed in {_fixes(v)})"
        for d in vulnerable
        for v in d["vulns"]
    ]
    summary = f"pip-audit ({answer.service}): {len(checked)} packages checked"
    summary += (
        f", {len(vulnerable)} with known vulnerabilities" if vulnerable else ", none vulnerable"
    )
    if skipped:
        summary += f"; not checked: {', '.join(skipped)}"
    return Verdict(1 if vulnerable else 0, [*lines, summary])


def audit(answers: list[Answer]) -> Verdict:
    """The first service that answered decides; if none did, say so and pass."""
    reasons = []
    for answer in answers:
        verdict = judge(answer)
        if verdict is not None:
            return verdict
        reasons.append(_unreachable_reason(answer) or answer.service)
    return Verdict(0, [f"{NOT_CHECKED} ({'; '.join(reasons)})"])


def main() -> int:
    answers: list[Answer] = []
    for service in SERVICES:
        answers.append(run(service))
        if judge(answers[-1]) is not None:
            break
    verdict = audit(answers)
    print("\n".join(verdict.lines))
    return verdict.exit_code


if __name__ == "__main__":
    sys.exit(main())
