"""What a release ships, built and installed as its users' tools do it, each in a fresh environment."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.fakes import FakeDashScope
from tests.release.dockerfile import Image, exec_form, replay

ROOT = Path(__file__).resolve().parents[2]
ADDON = ROOT / "addon" / "cloud_tts"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VERSION = PROJECT["version"]
# The add-on's image runs Debian's Python; a bare Python 3.11 (Debian 12's) stands for it where there is one.
BARE_PYTHON = shutil.which("python3.11") or sys.executable


def _image(tmp_path: Path, python: str) -> Image:
    image = Image(root=tmp_path / "image", system=tmp_path / "system")
    subprocess.run([python, "-m", "venv", image.system], check=True)
    return image


def _version_of(program: Path) -> str:
    result = subprocess.run([program, "--version"], capture_output=True, text=True, check=True, timeout=30)
    return result.stdout.strip()


def test_the_sdist_and_wheel_build_and_pass_twine_check(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", tmp_path, ROOT], check=True, capture_output=True, timeout=300
    )
    built = sorted(path.name for path in tmp_path.iterdir())
    assert built == [f"cloud_tts-{VERSION}-py3-none-any.whl", f"cloud_tts-{VERSION}.tar.gz"]
    check = subprocess.run(
        [Path(sys.executable).parent / "twine", "check", "--strict", *sorted(tmp_path.iterdir())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    with zipfile.ZipFile(tmp_path / built[0]) as wheel:
        names = wheel.namelist()
        metadata = Parser().parsestr(wheel.read(f"cloud_tts-{VERSION}.dist-info/METADATA").decode())
    assert f"cloud_tts-{VERSION}.dist-info/licenses/LICENSE" in names
    assert metadata["License-Expression"] == "Apache-2.0"
    assert "Topic :: Home Automation" in metadata.get_all("Classifier")
    assert f"Homepage, {PROJECT['urls']['Homepage']}" in metadata.get_all("Project-URL")


def test_the_add_on_wheel_is_the_project_at_the_add_ons_version() -> None:
    config = yaml.safe_load((ADDON / "config.yaml").read_text(encoding="utf-8"))
    wheels = sorted(path.name for path in ADDON.glob("*.whl"))
    assert wheels == [f"cloud_tts-{config['version']}-py3-none-any.whl"]
    with zipfile.ZipFile(ADDON / wheels[0]) as wheel:
        metadata = Parser().parsestr(wheel.read(f"cloud_tts-{config['version']}.dist-info/METADATA").decode())
    pinned = dict(
        line.split("==")
        for line in (ADDON / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    versions = {canonicalize_name(name): version for name, version in pinned.items()}
    for spec in metadata.get_all("Requires-Dist"):
        requirement = Requirement(spec)
        if requirement.marker is None:  # a runtime dependency, not an extra's
            pinned_version = versions.get(canonicalize_name(requirement.name))
            assert pinned_version, f"requirements.txt does not pin {requirement.name}"
            assert requirement.specifier.contains(pinned_version), f"{requirement.name}=={pinned_version} breaks {spec}"


def test_the_add_on_dockerfile_installs_its_own_version_in_a_clean_python(tmp_path: Path) -> None:
    config = yaml.safe_load((ADDON / "config.yaml").read_text(encoding="utf-8"))
    image = _image(tmp_path, BARE_PYTHON)
    ran = replay(ADDON / "Dockerfile", ADDON, image, {"BUILD_VERSION": config["version"]})
    assert [command[1:3] for command in ran] == [["-m", "venv"], ["install", "--no-cache-dir"]]
    assert _version_of(image.inside("/opt/cloud-tts/bin/wyoming-cloud-tts")) == config["version"]
    assert (image.inside("/run.sh")).stat().st_mode & 0o111, "run.sh is not executable"


async def test_the_docker_image_installs_and_its_healthcheck_sees_the_server(
    tmp_path: Path, fake: FakeDashScope
) -> None:
    image = _image(tmp_path, sys.executable)
    await asyncio.to_thread(replay, ROOT / "Dockerfile", ROOT, image, {})
    entrypoint, command = exec_form(ROOT / "Dockerfile", "ENTRYPOINT"), exec_form(ROOT / "Dockerfile", "CMD")
    program = image.command(entrypoint)[0]
    assert _version_of(Path(program)) == VERSION
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    local = [arg.replace("0.0.0.0:10200", f"127.0.0.1:{port}") for arg in image.command(entrypoint)]
    server = await asyncio.create_subprocess_exec(
        *local,
        *command,
        "--endpoint",
        fake.url,
        env={**os.environ, "DASHSCOPE_API_KEY": "sk-test"},
        stderr=asyncio.subprocess.DEVNULL,
    )
    healthcheck = [
        arg.replace(":10200", f":{port}") for arg in image.command(exec_form(ROOT / "Dockerfile", "HEALTHCHECK"))
    ]
    try:
        async with asyncio.timeout(30):
            while (code := await _exit_status(healthcheck)) != 0:
                assert server.returncode is None, "the server ended"
                await asyncio.sleep(0.2)
    finally:
        server.terminate()
        await server.wait()
    assert code == 0


async def _exit_status(argv: list[str]) -> int:
    process = await asyncio.create_subprocess_exec(*argv, stderr=asyncio.subprocess.DEVNULL)
    return await process.wait()


@pytest.mark.parametrize("dockerfile", [ROOT / "Dockerfile", ADDON / "Dockerfile"])
def test_the_images_run_as_their_healthcheck_asks(dockerfile: Path) -> None:
    healthcheck = exec_form(dockerfile, "HEALTHCHECK")
    assert healthcheck[1:3] == ["-m", "wyoming_server.healthcheck"]
    assert healthcheck[3] == "tcp://127.0.0.1:10200"
