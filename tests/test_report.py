"""The benchmark report: skipping, failing, outputs, and figures equal to the scripts' own."""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
from pathlib import Path

import pytest

from reliability._cli import main
from reliability._report import AREAS, BENCHMARKS_DIR, build_report, run_areas

pytest.importorskip("matplotlib", reason="the report needs the [report] extra (matplotlib)")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_area_is_skipped_with_a_note_without_scripts_or_data(tmp_path: Path) -> None:
    results = run_areas(
        tmp_path / "data", tmp_path / "out", progress=False, benchmarks_dir=tmp_path / "none"
    )
    assert [r.name for r in results] == [a.name for a in AREAS]
    assert {r.status for r in results} == {"skipped"}
    notes = {r.name: r.note for r in results}
    assert notes["attribution"].startswith("benchmarks/attribution.py not found")
    assert notes["news_model"].startswith("data missing under")
    assert "emergent/emergent_train.csv" in notes["news_model"]
    assert notes["claims_model"].startswith("benchmarks/credibility.py not found")


def test_area_is_skipped_when_its_script_lacks_a_function(tmp_path: Path) -> None:
    scripts = tmp_path / "benchmarks"
    _write(scripts / "attribution.py", "def read_gold(path):\n    return []\n")
    (result,) = run_areas(
        tmp_path, tmp_path, only=["attribution"], progress=False, benchmarks_dir=scripts
    )
    assert result.status == "skipped"
    assert result.note == "benchmarks/attribution.py has no report, evaluate"


def test_area_is_skipped_when_its_data_is_missing(tmp_path: Path) -> None:
    (result,) = run_areas(tmp_path, tmp_path, only=["attribution"], progress=False)
    assert result.status == "skipped"
    assert result.note == f"data missing under {tmp_path}: polnear/dev.jsonl"


def test_failing_script_marks_its_area_failed(tmp_path: Path) -> None:
    scripts = tmp_path / "benchmarks"
    _write(
        scripts / "priors_evidence.py",
        "def emergent_figures(path):\n    raise ValueError('broken on purpose')\n"
        "def domain_figures(path, emergent=None):\n    return {}\n",
    )
    data = tmp_path / "data"
    _write(data / "emergent" / "emergent_train.csv", "x\n")
    _write(data / "domain_quality" / "domain_pc1.csv", "x\n")
    results = run_areas(
        data, tmp_path / "out", only=["priors_evidence"], progress=False, benchmarks_dir=scripts
    )
    assert results[0].status == "failed"
    assert results[0].note == "ValueError: broken on purpose"


def test_missing_matplotlib_prints_the_pip_command_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code = main(["benchmark", "--data-dir", str(tmp_path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "pip install 'source-reliability[report]'" in err
    assert not (tmp_path / "out").exists()


def test_missing_data_folder_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["benchmark", "--data-dir", str(tmp_path / "nowhere"), "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"reliability benchmark: {tmp_path / 'nowhere'}: data folder not found\n"


def test_unknown_area_exits_2_listing_the_areas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["benchmark", "--data-dir", str(tmp_path), "--only", "speling", "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown area(s) ['speling']; available: attribution, hedging" in err


def test_report_writes_markdown_and_summary_with_skips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = build_report(tmp_path, out, only=["stance", "news_model"], progress=False)
    assert code == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert "## Credibility: the news model (Emergent claim veracity)" in report
    assert "*skipped*: data missing under" in report
    assert set(summary["areas"]) == {"stance", "news_model"}
    assert summary["areas"]["news_model"]["status"] == "skipped"
    assert "0 areas ok, 2 skipped, 0 failed" in capsys.readouterr().err


@pytest.mark.skipif(
    not (BENCHMARKS_DIR / "priors_evidence.py").is_file(), reason="no benchmarks/ checkout"
)
def test_priors_figures_equal_those_the_script_prints(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build_report(data_dir, out, only=["priors_evidence"], progress=False) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    figures = summary["areas"]["priors_evidence"]["figures"]
    emergent = figures["emergent"]
    script = run_script("priors_evidence", "--data-dir", str(data_dir))
    printed = dict(re.findall(r"^emergent\.(\w+)\tlog_or=([-+]\d+\.\d+)", script, re.M))
    assert printed
    assert printed == {name: f"{row['log_or']:+.2f}" for name, row in emergent.items()}


@pytest.mark.skipif(
    not (BENCHMARKS_DIR / "attribution.py").is_file(), reason="no benchmarks/ checkout"
)
def test_attribution_figures_equal_those_the_script_prints(data_dir: Path, tmp_path: Path) -> None:
    # Five PolNeAR dev documents in a data folder of their own keep the test quick.
    lines = (data_dir / "polnear" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:5]
    small = _write(tmp_path / "data" / "polnear" / "dev.jsonl", "\n".join(lines) + "\n")
    out = tmp_path / "out"
    assert build_report(tmp_path / "data", out, quick=True, only=["attribution"]) == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    table = summary["areas"]["attribution"]["figures"]["polnear_dev"]
    script = run_script("attribution", "--data", str(small), "--runs", "1")
    for system, heading in (
        ("every attribution (predict_all)", "Every attribution"),
        ("statements with a cue (predict)", "Statements"),
    ):
        section = script.split(f"### {heading}", 1)[1].split("###", 1)[0]
        p, r, f = re.search(
            r"\| overlap \| whole \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|", section
        ).groups()  # type: ignore[union-attr]
        row = table[system]
        assert (p, r, f) == tuple(
            f"{row[c]:.3f}" for c in ("whole precision", "whole recall", "whole F1")
        )
        cue = re.search(r"\| overlap \| cue \| [\d.]+ \| [\d.]+ \| ([\d.]+) \|", section)
        assert cue is not None
        assert cue.group(1) == f"{row['cue F1']:.3f}"


@pytest.mark.skipif(
    not (BENCHMARKS_DIR / "source_types.py").is_file(), reason="no benchmarks/ checkout"
)
def test_source_type_figures_equal_those_the_script_prints(data_dir: Path, tmp_path: Path) -> None:
    (result,) = run_areas(data_dir, tmp_path, only=["source_types"], progress=False)
    assert result.status == "ok", result.note
    ours = {k: v for k, v in result.figures()["held_out"].items() if v["kind"] == "ours"}
    script = run_script("source_types", "--split", "held_out", "--data-dir", str(data_dir))
    printed = re.findall(r"^### (.+)\n\n- mentions: \d+\n- accuracy: ([\d.]+)", script, re.M)
    assert printed
    assert printed == [(title, f"{row['accuracy']:.3f}") for title, row in ours.items()]


def run_script(name: str, *argv: str) -> str:
    """Run ``benchmarks/NAME.py``'s ``main(argv)`` and return what it printed."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"_test_{name}", BENCHMARKS_DIR / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert module.main(list(argv)) == 0
    return buffer.getvalue()


def test_claims_rows_are_those_the_credibility_script_renders(tmp_path: Path) -> None:
    scripts = tmp_path / "benchmarks"
    _write(
        scripts / "credibility.py",
        "def report(rows, n, note):\n"
        "    return 'table'\n"
        "def main(argv):\n"
        "    rows = {'majority class': {'binary accuracy': 0.5},\n"
        "            'claims model': {'binary accuracy': 0.75}}\n"
        "    print(report(rows, 4, 'a note'))\n"
        "    return 0\n",
    )
    data = tmp_path / "data"
    _write(data / "liar" / "train.tsv", "")
    _write(data / "liar" / "valid.tsv", "")
    (result,) = run_areas(
        data, tmp_path / "out", only=["claims_model"], progress=False, benchmarks_dir=scripts
    )
    assert result.status == "ok"
    claims = result.figures()["claims_liar_valid"]
    assert claims["claims model"] == {"kind": "ours", "binary accuracy": 0.75}
    assert claims["majority class"] == {"kind": "baseline", "binary accuracy": 0.5}
    assert claims["published LIAR models without leaked history"]["kind"] == "quoted"


FAKE_STANCE = '''
TABLE = """
| C | accuracy | macro-F1 | F1 for | F1 against | F1 observing |
|---|---|---|---|---|---|
| 0.3 (default) | 0.7591 | 0.7525 | 0.7991 | 0.7708 | 0.6876 |
| 1.0 | 0.7552 | 0.7508 | 0.7935 | 0.7687 | 0.6901 |

| stances | AUC |
|---|---|
| predicted out of fold (C=0.3) | 0.7550 |
| gold (reference) | 0.8337 |
"""


def evaluate_dev(data_dir):
    metrics = {"fnc_score": 0.8, "accuracy": 0.7, "macro_f1": 0.6, "n": 10}
    return {"dev": metrics, "dev_rebalanced": dict(metrics, fnc_score=0.9)}


def emergent_report(data_dir):
    return TABLE
'''


@pytest.mark.parametrize("quick", [False, True])
def test_stance_rows_are_the_scripts_and_emergent_only_in_full_runs(
    data_dir: Path, tmp_path: Path, quick: bool
) -> None:
    scripts = tmp_path / "benchmarks"
    _write(scripts / "stance.py", FAKE_STANCE)
    (result,) = run_areas(
        data_dir, tmp_path, quick=quick, only=["stance"], progress=False, benchmarks_dir=scripts
    )
    assert result.status == "ok", result.note
    figures = result.figures()
    assert figures["fnc1_dev"]["stance classifier, dev_rebalanced"]["fnc_score"] == 0.9
    assert figures["fnc1_dev"]["majority class (unrelated), dev"]["kind"] == "baseline"
    if quick:
        assert "emergent" not in figures
        assert "left out of --quick runs" in result.note
    else:
        emergent = figures["emergent"]
        assert emergent["headline stance, 5-fold CV by claim"]["accuracy"] == 0.7591
        gold = emergent["claim veracity AUC from stances gold (reference)"]
        assert gold["veracity AUC"] == 0.8337
