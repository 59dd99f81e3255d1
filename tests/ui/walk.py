"""Walk the config UI as a person does, in one language, against the fake clouds; save the README's screenshots.

Run by ``script/ui-test`` (and ``tests/ui/test_walk.py``): ``python -m tests.ui.walk --language zh-Hans``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OWNER = {"name": "Owner", "username": "owner", "password": "correct-horse-battery"}
STARTUP_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, deadline: float) -> None:
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer") from None
            time.sleep(0.5)


@contextmanager
def _process(args: list[str], cwd: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _post(url: str, body: dict[str, object], token: str | None = None) -> dict[str, object]:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    request = urllib.request.Request(url, json.dumps(body).encode(), headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.loads(response.read() or b"{}"))


def _onboard(base: str, language: str) -> None:
    """Create the owner through the onboarding API and finish onboarding (the browser then logs in)."""
    client_id = f"{base}/"
    created = _post(f"{base}/api/onboarding/users", {"client_id": client_id, "language": language, **OWNER})
    token_request = urllib.request.Request(
        f"{base}/auth/token",
        f"grant_type=authorization_code&code={created['auth_code']}&client_id={client_id}".encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(token_request, timeout=30) as response:
        token = str(json.loads(response.read())["access_token"])
    _post(f"{base}/api/onboarding/core_config", {}, token)
    _post(f"{base}/api/onboarding/analytics", {}, token)
    _post(
        f"{base}/api/onboarding/integration",
        {"client_id": client_id, "redirect_uri": f"{base}/?auth_callback=1"},
        token,
    )


class Walk:
    """One person's walk through the config UI in ``language``."""

    def __init__(self, page: Page, base: str, language: str, dashscope: str, shots: Path) -> None:
        self.page, self.base, self.language, self.dashscope, self.shots = page, base, language, dashscope, shots
        self.zh = language.startswith("zh")

    def shot(self, name: str) -> None:
        self.page.wait_for_timeout(400)  # animations settle
        self.page.screenshot(path=self.shots / f"{name}-{self.language}.png")

    def login(self) -> None:
        page = self.page
        page.goto(self.base)
        page.locator("input[name=username]").fill(OWNER["username"])
        page.locator("input[name=password]").fill(OWNER["password"])
        page.keyboard.press("Enter")
        confirm = page.get_by_role("button", name="Confirm" if not self.zh else "确认")
        expect(confirm).to_be_visible(timeout=30_000)  # Home Assistant asks to keep the test's HTTP settings
        confirm.click()

    def add_model_studio(self) -> None:
        page = self.page
        page.goto(f"{self.base}/config/integrations/dashboard/add?domain=cloud_tts")
        page.get_by_role("button", name="OK" if not self.zh else "确定").click()  # "Do you want to set up Cloud TTS?"
        menu = "Alibaba Cloud Model Studio (API key)" if not self.zh else "阿里云百炼（API Key）"
        try:
            expect(page.get_by_text(menu)).to_be_visible(timeout=30_000)
        except AssertionError:
            self.shot("no-menu")
            raise
        self.shot("sign-in-menu")
        page.get_by_text(menu).click()
        page.get_by_role("textbox", name="API key" if not self.zh else "API Key").fill("sk-test")
        page.get_by_text("Advanced" if not self.zh else "高级").click()
        page.get_by_role("textbox", name="Endpoint" if not self.zh else "终端节点").fill(self.dashscope)
        self.shot("account-form")
        page.get_by_role("button", name="Submit" if not self.zh else "提交").click()
        model_title = "First voice of Model Studio China (Beijing): model" if not self.zh else "的第一个音色：模型"
        expect(page.get_by_text(model_title)).to_be_visible(timeout=30_000)
        self.shot("model-step")
        page.get_by_role("button", name="Submit" if not self.zh else "提交").click()
        voice_title = "First voice of Model Studio China (Beijing)" if not self.zh else "的第一个音色"
        expect(page.get_by_text(voice_title, exact=not self.zh).first).to_be_visible(timeout=30_000)
        self.shot("voice-step")
        page.get_by_role("button", name="Submit" if not self.zh else "提交").click()
        self.shot("account-added")


def walk(language: str, shots: Path) -> None:
    """Start the fakes and Home Assistant, walk the flows in ``language``; raise at the first wrong step."""
    shots.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cloud-tts-ui-")))
        config = work / "config"
        (config / "custom_components").mkdir(parents=True)
        (config / "custom_components" / "cloud_tts").symlink_to(ROOT / "custom_components" / "cloud_tts")
        http_port, dashscope_port = _free_port(), _free_port()
        (config / "configuration.yaml").write_text(
            "frontend:\nconfig:\nrepairs:\nmedia_source:\ntts:\n"
            f"http:\n  server_host: 127.0.0.1\n  server_port: {http_port}\n"
        )
        env_python = sys.executable
        stack.enter_context(
            _process(
                [env_python, "-m", "tests.fakes", "dashscope", "--port", str(dashscope_port)], ROOT, work / "fake.log"
            )
        )
        stack.enter_context(
            _process([env_python, "-m", "homeassistant", "--config", str(config)], work, work / "hass.log")
        )
        base = f"http://127.0.0.1:{http_port}"
        try:
            _wait_for(f"{base}/manifest.json", time.monotonic() + STARTUP_SECONDS)
            _onboard(base, language)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*FLAGS, f"--lang={language}"])
                context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=language)
                page = context.new_page()
                steps = Walk(page, base, language, f"ws://127.0.0.1:{dashscope_port}", shots)
                try:
                    steps.login()
                    steps.add_model_studio()
                except BaseException:
                    steps.shot("failed")  # what the person saw when the walk stopped
                    raise
                finally:
                    browser.close()
        except BaseException:
            shutil.copy(work / "hass.log", shots / f"hass-{language}.log")
            raise


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--language", default="en", choices=["en", "zh-Hans"])
    parser.add_argument("--screenshots", type=Path, default=SCREENSHOTS)
    args = parser.parse_args()
    walk(args.language, args.screenshots)


if __name__ == "__main__":
    main()
