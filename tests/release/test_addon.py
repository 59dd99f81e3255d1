"""The add-on as the Supervisor reads and builds it: its files against the Supervisor's rules, its lint."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import voluptuous as vol
import yaml

from tests.release import addon_schema

ROOT = Path(__file__).resolve().parents[2]
ADDON = ROOT / "addon" / "cloud_tts"
TOOLS = Path(sys.executable).parent  # hadolint and shellcheck come with the lint extra


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_repository_is_an_add_on_repository() -> None:
    addon_schema.REPOSITORY(_yaml(ROOT / "repository.yaml"))
    # The Supervisor takes every config.yaml/json outside hidden folders for an add-on: only ours may be one.
    found = sorted(
        str(path.relative_to(ROOT))
        for pattern in ("**/config.yaml", "**/config.yml", "**/config.json")
        for path in ROOT.glob(pattern)
        if not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
        and not {"build", "node_modules"} & set(path.relative_to(ROOT).parts)
    )
    assert found == ["addon/cloud_tts/config.yaml"]


def test_config_yaml_follows_the_supervisors_rules() -> None:
    config = _yaml(ADDON / "config.yaml")
    addon_schema.CONFIG(config)
    assert addon_schema.option_problems(config) == []


@pytest.mark.parametrize(
    ("options", "schema", "problem"),
    [
        ({"endpoint": ""}, {"endpoint": "url?"}, "option endpoint: default '' is not a url?"),
        ({"speed": 3.0}, {"speed": "float(0.5,2.0)"}, "option speed: default 3.0 is not a float(0.5,2.0)"),
        ({"volume": 50}, {}, "option volume has no type in schema"),
        ({}, {"region": "str"}, "required option region has no default"),
        ({"provider": "azure"}, {"provider": "list(dashscope|huawei)"}, "option provider: default 'azure' is not"),
    ],
)
def test_the_option_rules_catch_what_the_supervisor_refuses(
    options: dict[str, Any], schema: dict[str, str], problem: str
) -> None:
    problems = addon_schema.option_problems({"options": options, "schema": schema})
    assert [p for p in problems if p.startswith(problem)], problems


def test_a_schema_type_the_supervisor_cannot_parse_is_refused() -> None:
    config = _yaml(ADDON / "config.yaml")
    with pytest.raises(vol.Invalid):
        addon_schema.CONFIG({**config, "schema": {**config["schema"], "speed": "float=1.0"}})


def test_build_yaml_has_a_base_image_for_each_architecture() -> None:
    build, config = _yaml(ADDON / "build.yaml"), _yaml(ADDON / "config.yaml")
    addon_schema.BUILD(build)
    assert sorted(build["build_from"]) == sorted(config["arch"])
    for arch, image in build["build_from"].items():
        assert f"/{arch}-" in image, image


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_every_option_is_translated(language: str) -> None:
    translations, config = _yaml(ADDON / "translations" / f"{language}.yaml"), _yaml(ADDON / "config.yaml")
    addon_schema.TRANSLATIONS(translations)
    assert sorted(translations["configuration"]) == sorted(config["schema"])
    assert sorted(translations["network"]) == sorted(config["ports"])


def test_the_add_on_has_its_docs_changelog_and_images() -> None:
    for name in ("DOCS.md", "CHANGELOG.md", "icon.png", "logo.png", "build.yaml", "run.sh", "requirements.txt"):
        assert (ADDON / name).is_file(), name


def test_the_docs_name_every_option_in_both_languages() -> None:
    docs = (ADDON / "DOCS.md").read_text(encoding="utf-8")
    english, _, chinese = docs.partition("\n# 中文说明")
    assert chinese, "DOCS.md has no Chinese part"
    for name in _yaml(ADDON / "config.yaml")["schema"]:
        assert f"`{name}`" in english, f"the English docs do not name {name}"
        assert f"`{name}`" in chinese, f"the Chinese docs do not name {name}"


def test_the_dockerfiles_pass_hadolint() -> None:
    result = subprocess.run(
        [TOOLS / "hadolint", "--no-color", ROOT / "Dockerfile", ADDON / "Dockerfile"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_run_sh_passes_shellcheck() -> None:
    for script in (ADDON / "run.sh", ROOT / "script" / "release"):
        result = subprocess.run([TOOLS / "shellcheck", script], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout


def test_the_add_on_installs_its_own_version_and_waits_for_the_server_before_discovery() -> None:
    dockerfile = (ADDON / "Dockerfile").read_text(encoding="utf-8")
    assert "git+" not in dockerfile
    assert re.search(r"^COPY .*cloud_tts-\$\{BUILD_VERSION\}-py3-none-any\.whl", dockerfile, re.MULTILINE)
    run = (ADDON / "run.sh").read_text(encoding="utf-8")
    assert run.startswith("#!/usr/bin/with-contenv bashio\n")
    assert run.index("wyoming_server.healthcheck") < run.index("bashio::discovery")
