"""Replay a Dockerfile's Python install steps in a folder standing for the image (no container runtime here).

ARG, WORKDIR, COPY and ENV PATH are followed; of each RUN, the commands that run Python or pip (``python3 -m
venv``, ``pip install``…) run for real, with the image's absolute paths under the folder and the image's own
Python played by a fresh venv; the system's own commands (apt-get, useradd, rm) are left to the image.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

PYTHON_COMMANDS = ("python", "python3", "pip", "pip3")


def instructions(text: str) -> list[tuple[str, str]]:
    """Return the Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


@dataclass
class Image:
    """The folder standing for the image: ``root`` holds its absolute paths, ``system`` is its Python."""

    root: Path
    system: Path
    path: list[Path] = field(default_factory=list)

    def inside(self, path: str) -> Path:
        """Where the image's absolute ``path`` lies here."""
        return self.root / path.lstrip("/")

    def command(self, argv: list[str]) -> list[str]:
        """Return ``argv`` with its program and absolute paths moved into the folder."""
        program, *args = argv
        if program.startswith("/"):
            program = str(self.inside(program))
        else:
            located = shutil.which(program, path=os.pathsep.join(map(str, self.path)))
            assert located, f"{program} is not on the image's PATH"
            program = located
        return [program, *(str(self.inside(a)) if a.startswith("/") else a for a in args)]


def replay(dockerfile: Path, context: Path, image: Image, build_args: dict[str, str]) -> list[list[str]]:
    """Run the Dockerfile's Python install steps into ``image``; returns the commands run."""
    variables = dict(build_args)
    workdir = image.root
    image.path = [image.system / "bin"]
    ran: list[list[str]] = []

    def expand(text: str) -> str:
        return re.sub(r"\$\{?(\w+)\}?", lambda m: variables.get(m.group(1), m.group(0)), text)

    for keyword, rest in instructions(dockerfile.read_text(encoding="utf-8")):
        if keyword == "ARG":
            name, _, default = rest.partition("=")
            variables.setdefault(name, default)
        elif keyword == "WORKDIR":
            workdir = image.inside(rest)
            workdir.mkdir(parents=True, exist_ok=True)
        elif keyword == "ENV" and rest.startswith("PATH="):
            entries = shlex.split(rest.removeprefix("PATH="))[0].split(":")
            image.path = [image.inside(entry) for entry in entries if entry.startswith("/")] + image.path
        elif keyword == "COPY":
            *sources, target = shlex.split(expand(rest))
            destination = image.inside(target) if target.startswith("/") else workdir / target
            for source in sources:
                origin = context / source
                if origin.is_dir():
                    shutil.copytree(origin, destination, dirs_exist_ok=True)
                else:
                    folder = destination if target.endswith("/") or len(sources) > 1 else destination.parent
                    folder.mkdir(parents=True, exist_ok=True)
                    shutil.copy(origin, folder / origin.name if folder == destination else destination)
        elif keyword == "RUN":
            for step in expand(rest).split("&&"):
                argv = shlex.split(step)
                if argv and (argv[0] in PYTHON_COMMANDS or argv[0].endswith(("/pip", "/python"))):
                    command = image.command(argv)
                    subprocess.run(command, cwd=workdir, check=True, capture_output=True)
                    ran.append(command)
    return ran


def exec_form(dockerfile: Path, keyword: str) -> list[str]:
    """Return the JSON (exec) form of the last ``keyword`` (``HEALTHCHECK`` means its CMD)."""
    found = [rest for key, rest in instructions(dockerfile.read_text(encoding="utf-8")) if key == keyword]
    assert found, f"{dockerfile.name} has no {keyword}"
    argv: list[str] = json.loads(found[-1][found[-1].index("[") :])
    return argv
