"""Run schemathesis' generated cases for one operation under Hypothesis, and keep score.

Schemathesis' own pytest loader for fixtures (``schemathesis.pytest.from_fixture``) reads a
private pytest attribute that pytest 9.2 removed, so each operation's strategy is driven here
with ``@given``: a fixed seed per actor and operation, a bounded number of examples.
"""

from __future__ import annotations

import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import hypothesis
import hypothesis.strategies as st
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.schemas import APIOperation


@dataclass
class Totals:
    """Cases sent per actor and the operations seen, for the line at the end of the run."""

    cases: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    operations: set[str] = field(default_factory=set)
    started: float | None = None

    def summary(self) -> str:
        seconds = time.monotonic() - (self.started or time.monotonic())
        per_actor = ", ".join(f"{actor} {count}" for actor, count in self.cases.items())
        answers = ", ".join(f"{kind} {self.statuses[kind]}" for kind in sorted(self.statuses))
        return (
            f"schema fuzzing: {len(self.operations)} operations, {self.cases.total()} cases "
            f"({per_actor}; answered {answers}) in {seconds:.0f} s"
        )

    def answered(self, status: int) -> None:
        self.statuses[f"{status // 100}xx"] += 1


TOTALS = Totals()


def fuzz_operation(
    operation: APIOperation,
    actor: str,
    send: Callable[[schemathesis.Case], None],
    examples: int,
    seed: int,
) -> None:
    """Send ``examples`` valid and invalid cases of ``operation``; raises on the first failure
    (after Hypothesis has shrunk it)."""
    hooks = operation.schema.hooks
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, hooks=hooks),
        operation.as_strategy(GenerationMode.NEGATIVE, hooks=hooks),
    )
    TOTALS.operations.add(operation.label)

    @hypothesis.seed(seed ^ zlib.crc32(f"{actor} {operation.label}".encode()))
    @hypothesis.settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @hypothesis.given(case=cases)
    def run(case: schemathesis.Case) -> None:
        TOTALS.cases[actor] += 1
        send(case)

    run()
