"""The masking bench in CI at a small size: it runs and prints its table."""

import importlib.util
import io
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "pii_eval.py"
DEV = BENCH.parent / "data" / "pii_dev.jsonl"


def _bench_module():
    spec = importlib.util.spec_from_file_location("pii_eval", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pii_eval"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not DEV.exists(), reason="bench/data/pii_dev.jsonl is not there")
def test_pii_bench_on_a_few_dev_rows_prints_recall_per_kind_and_ordinary_words():
    out = io.StringIO()
    assert _bench_module().main(["--file", "dev", "--limit", "12", "--repeat", "1"], out) == 0
    table = out.getvalue()
    assert "== dev: 12 tips" in table
    for kind in ("name", "address", "personnummer", "phone", "email", "regnr"):
        row = re.search(rf"^{kind}\s+(\d+)\s+(\d+)\s+(\S+)", table, re.MULTILINE)
        assert row is not None, kind
        assert row.group(3) == "-" or re.fullmatch(r"\d+\.\d%", row.group(3))
    ordinary = re.search(r"^ordinary words\s+(\d+)\s+(\d+)\s+(\d+\.\d)%\s+<=5%\s+(PASS|ABOVE)",
                         table, re.MULTILINE)  # fmt: skip
    assert ordinary is not None
    assert "µs per tip" in table
