"""CI: .ci/run is the README's test command on the project's own Python; the workflows any HACS repository has."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"


def _steps() -> list[dict[str, Any]]:
    steps = []
    for workflow in sorted(WORKFLOWS.glob("*.yml")):
        for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values():
            steps.extend(job["steps"])
    return steps


def test_ci_runs_the_readmes_test_command_without_the_workplaces_files() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in run.splitlines() if line and not line.startswith(("#", "set ", "cd "))]
    assert commands[0].split()[0] == "script/test"  # the README's command (pytest's options may follow)
    test = (ROOT / "script" / "test").read_text(encoding="utf-8")
    assert "script/install-browser" in test  # Debian's Chromium for the browser walk, when absent
    assert "```sh\nscript/test\n```" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "shared" not in run, "CI must not depend on a folder beside the repository"
    assert "PYTHON" not in run, "script/test finds its Python with script/python3.14"


def test_the_workflows_run_the_tests_and_every_validator() -> None:
    steps = _steps()
    actions = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    assert {"home-assistant/actions/hassfest", "hacs/action", "frenck/action-addon-linter"} <= set(actions)
    assert actions["hacs/action"]["with"]["category"] == "integration"
    assert (ROOT / actions["frenck/action-addon-linter"]["with"]["path"] / "config.yaml").is_file()
    runs = [step["run"] for step in steps if "run" in step]
    assert any(re.match(r"script/test\b", run) for run in runs)
    tests = yaml.safe_load((WORKFLOWS / "tests.yml").read_text(encoding="utf-8"))["jobs"]["tests"]
    assert tests["container"].endswith("-bookworm"), "the browser walk needs Debian's chromium package"
    assert next(step["run"] for step in tests["steps"] if "run" in step).startswith("script/test ")
    assert any(run.startswith("script/test-engine python3.11") for run in runs)


def test_the_hacs_manifest_fits_the_integration() -> None:
    hacs = yaml.safe_load((ROOT / "hacs.json").read_text(encoding="utf-8"))
    assert hacs["name"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")
    assert (ROOT / "custom_components" / "cloud_tts" / "brand" / "icon.png").is_file()
