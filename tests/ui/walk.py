"""Walk the config UI as a person does, in one language, against the fake clouds; save the README's screenshots.

Run by ``script/ui-test`` (and ``tests/ui/test_walk.py``): ``python -m tests.ui.walk --language zh-Hans``.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Coroutine, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect, sync_playwright

from tests.fakes import FakeDashScope, FakeHuawei

from .strings import Strings, english_left_over, raw_ids

_T = TypeVar("_T")
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
STARTUP_SECONDS = 180
FIRST_LOAD_MS = 120_000
"""The frontend's first load (the login page, then the app with its data), which a loaded machine slows most."""


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


def _post(url: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.loads(response.read() or b"{}"))


ONBOARDED_BUT_THE_OWNER = {"version": 4, "minor_version": 1, "key": "onboarding"} | {
    "data": {"done": ["core_config", "analytics", "integration"]}
}
"""Onboarding's later steps marked done before the start: its core step would set up Met, Radio Browser and Google
Translate, which reach the internet and whose packages Home Assistant would install while the walk runs."""


def _onboard(base: str, language: str) -> str:
    """Create the owner through the onboarding API (the last step left); return an access token of the owner."""
    client_id = f"{base}/"
    created = _post(f"{base}/api/onboarding/users", {"client_id": client_id, "language": language, **OWNER})
    token_request = urllib.request.Request(
        f"{base}/auth/token",
        f"grant_type=authorization_code&code={created['auth_code']}&client_id={client_id}".encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(token_request, timeout=30) as response:
        return str(json.loads(response.read())["access_token"])


def _wait_until_running(base: str, token: str, deadline: float) -> None:
    """Wait until Home Assistant has started (every integration set up), as the frontend expects on its first load."""
    request = urllib.request.Request(f"{base}/api/core/state", headers={"Authorization": f"Bearer {token}"})
    while True:
        with urllib.request.urlopen(request, timeout=10) as response:
            state = json.loads(response.read())["state"]
        if state == "RUNNING":
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Home Assistant still {state} after {STARTUP_SECONDS} s")
        time.sleep(0.5)


class Fakes:
    """The fake clouds, served from a thread of the walk so that it can make them fail on purpose."""

    def __init__(self) -> None:
        self.dashscope = FakeDashScope(api_keys=frozenset({"sk-test"}))
        self.huawei = FakeHuawei()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> Fakes:
        self._thread.start()
        self.dashscope_url = self._run(self.dashscope.start())
        self.huawei_url = self._run(self.huawei.start())
        self.huawei_iam_url = self.huawei.iam_url
        return self

    def __exit__(self, *_: object) -> None:
        self._run(self.dashscope.stop())
        self._run(self.huawei.stop())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def _run(self, coroutine: Coroutine[Any, Any, _T]) -> _T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=30)

    def fail_replies(self, failure: tuple[str, str] | None) -> None:
        """Make Model Studio refuse every task with ``failure`` (code, message); None: speak again."""
        self.dashscope.faults.run_task_failure = failure


DEEP = r"""
const deep = (root, selector) => {
  for (const el of root.querySelectorAll("*")) {
    if (el.matches(selector)) return el;
    const inside = el.shadowRoot && deep(el.shadowRoot, selector);
    if (inside) return inside;
  }
  return null;
};
"""
"""``deep(root, selector)``: the first element matching ``selector`` under ``root``, shadow roots included."""

CHECK_PAGE = (
    DEEP
    + r"""
([rawIds, english, scope]) => {
  const found = {raw: [], english: [], cut: [], keys: []};
  const seen = new Set();
  const visit = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) visit(el.shadowRoot);
      if (!el.checkVisibility || !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
      const texts = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim());
      if (el.tagName === "INPUT" || el.tagName === "TEXTAREA") texts.push(el.value);
      const text = texts.filter(Boolean).join(" ");
      if (!text || seen.has(el)) continue;
      seen.add(el);
      for (const token of text.match(/[A-Za-z0-9_.-]+/g) || []) if (rawIds.includes(token)) found.raw.push(text);
      for (const phrase of english) if (text.includes(phrase)) found.english.push(text);
      if (/component\.cloud_tts\.|\{[a-z_]+\}/.test(text)) found.keys.push(text);
      const style = getComputedStyle(el);
      const tips = [...el.parentNode.children].filter((n) => n.tagName === "HA-TOOLTIP");
      const whole = tips.some((tip) => tip.textContent.trim() === text);  // on hover
      if (style.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1 && !whole) found.cut.push(text);
    }
  };
  const top = scope ? deep(document, scope) : document;
  visit(top);
  if (top.shadowRoot) visit(top.shadowRoot);
  return found;
}
"""
)


LINES_OF = (
    DEEP
    + r"""
([host, text]) => {
  const lines = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) visit(el.shadowRoot);
      for (const node of el.childNodes) {
        if (node.nodeType !== 3 || node.textContent.trim() !== text) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size) lines.push(tops.size);
      }
    }
  };
  const top = deep(document, host);
  visit(top);
  if (top.shadowRoot) visit(top.shadowRoot);
  return lines;
}
"""
)
"""How many lines each visible text ``text`` in ``host`` takes."""


class Walk:
    """One person's walk through the config UI in ``language``; every screen is checked as it is seen."""

    def __init__(self, page: Page, base: str, strings: Strings, fakes: Fakes, shots: Path) -> None:
        self.page, self.base, self.s, self.fakes, self.shots = page, base, strings, fakes, shots
        self.language = strings.language
        self.zh = self.language.startswith("zh")
        self.raw_ids = sorted(raw_ids())
        self.english = sorted(english_left_over()) if self.zh else []
        self.ours = self.s.ours
        self.later_voice = "龙安洋 · 阿里云百炼 新加坡" if self.zh else "Long Anyang · Model Studio Singapore"
        """The first voice of the second Model Studio account, named with its account: the first has its name."""

    def check(self, where: str, scope: str | None = None) -> None:
        """Fail on a raw ID or translation key shown, a cut-off text, or English left in the Chinese UI.

        Only the element ``scope`` (a dialog) is looked at if given, else the whole page.
        """
        self.page.wait_for_timeout(400)  # animations settle
        found = self.page.evaluate(CHECK_PAGE, [self.raw_ids, self.english, scope])
        problems = {kind: sorted(set(texts)) for kind, texts in found.items() if texts}
        if problems:
            self.shot(f"wrong-{where}")
            raise AssertionError(f"{where} ({self.language}): {problems}")

    def go(self, path: str) -> None:
        """Open ``path``; where the frontend navigates by itself at that moment (the load is aborted), open it again."""
        deadline = time.monotonic() + 30
        while True:
            try:
                self.page.goto(f"{self.base}{path}")
                return
            except PlaywrightError as error:
                if "net::ERR_ABORTED" not in error.message or time.monotonic() > deadline:
                    raise
            self.page.wait_for_load_state()

    def shot(self, name: str) -> None:
        """Save what the person sees as a palette PNG (256 colours, undithered: text stays crisp, the file small)."""
        self.page.wait_for_timeout(400)
        screen = Image.open(io.BytesIO(self.page.screenshot())).convert("RGB")
        palette = screen.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        palette.save(self.shots / f"{name}-{self.language}.png", optimize=True)

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def submit(self) -> None:
        self.button(self.s.ui("ui.common.submit")).click()

    def see(self, text: str, exact: bool = True) -> None:
        expect(self.page.get_by_text(text, exact=exact).first).to_be_visible(timeout=30_000)

    def login(self) -> None:
        """Log in through the login form; the frontend's first loads may take long on a busy machine."""
        page = self.page
        self.go("/")
        username = page.locator("input[name=username]")
        expect(username).to_be_visible(timeout=FIRST_LOAD_MS)
        username.fill(OWNER["username"])
        page.locator("input[name=password]").fill(OWNER["password"])
        page.keyboard.press("Enter")
        confirm = self.button(self.s.ui("ui.dialogs.http_pending_config.confirm"))
        expect(confirm).to_be_visible(timeout=FIRST_LOAD_MS)  # Home Assistant asks to keep the test's HTTP settings
        confirm.click()

    def start_account(self, sign_in: str, screenshots: bool) -> None:
        """Open the sign-in menu and choose ``sign_in``."""
        page = self.page
        self.go("/config/integrations/dashboard/add?domain=cloud_tts")
        self.button(self.s.ui("ui.common.ok")).click()  # "Do you want to set up Cloud TTS?"
        choice = self.ours(f"config.step.user.menu_options.{sign_in}")
        self.see(choice)
        self.check("sign-in-menu")
        if screenshots:
            self.shot("sign-in-menu")
        page.get_by_text(choice, exact=True).click()

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$")).fill(value)

    def advanced(self, step: str, **endpoints: str) -> None:
        self.page.get_by_text(self.ours(f"config.step.{step}.sections.advanced.name"), exact=True).click()
        for key, url in endpoints.items():
            self.fill(self.ours(f"config.step.{step}.sections.advanced.data.{key}"), url)

    def first_voice(self, account: str, screenshots: bool) -> None:
        """Take the recommended model and its first voice; name the voice's device as offered."""
        self.see(self.ours("config.step.model.title", account=account))
        self.check("model-step")
        if screenshots:
            self.shot("model-step")
        self.submit()
        self.see(self.ours("config.step.voice.title", account=account))
        self.check("voice-step")
        self.submit()
        self.finish()

    def finish(self) -> None:
        """Close the "created" dialog that names the new devices."""
        done = self.button(self.s.ui("ui.panel.config.integrations.config_flow.finish"))
        skip = self.button(self.s.ui("ui.dialogs.matter-add-device.device_added.skip"))
        expect(done.or_(skip)).to_be_visible(timeout=30_000)
        self.check("created")
        done.or_(skip).first.click()

    def add_model_studio(self) -> str:
        self.start_account("dashscope", screenshots=True)
        self.fill(self.ours("config.step.dashscope.data.api_key"), "sk-test")
        self.advanced("dashscope", endpoint=self.fakes.dashscope_url)
        self.check("account-form")
        self.shot("account-form")
        self.submit()
        account = "阿里云百炼 华北2（北京）" if self.zh else "Model Studio China (Beijing)"
        self.first_voice(account, screenshots=True)
        return account

    def add_model_studio_singapore(self) -> None:
        """A second Model Studio account, in Singapore, whose first voice has the name of the first account's."""
        self.start_account("dashscope", screenshots=False)
        self.fill(self.ours("config.step.dashscope.data.api_key"), "sk-test")
        self.choose(self.ours("config.step.dashscope.data.region"), 1)
        self.advanced("dashscope", endpoint=self.fakes.dashscope_url)
        self.submit()
        self.first_voice("阿里云百炼 新加坡" if self.zh else "Model Studio Singapore", screenshots=False)

    def add_huawei(self) -> str:
        self.start_account("huawei_iam", screenshots=False)
        for key, value in (("domain_name", "acme"), ("username", "alice"), ("password", "s3cret")):
            self.fill(self.ours(f"config.step.huawei_iam.data.{key}"), value)
        self.advanced("huawei_iam", endpoint=self.fakes.huawei_url, iam_endpoint=self.fakes.huawei_iam_url)
        self.check("huawei-form")
        self.submit()
        account = "华为云 SIS 华北-北京四" if self.zh else "Huawei Cloud SIS CN North-Beijing4"
        self.first_voice(account, screenshots=False)
        return account

    def all(self) -> None:
        """The whole walk."""
        model_studio = self.add_model_studio()
        self.add_huawei()
        self.add_model_studio_singapore()
        self.add_voice(model_studio)
        self.change_voice(model_studio)
        self.remove_voice()
        self.failed_reply()
        self.more_info()
        self.download_diagnostics(model_studio)

    def entry_menu(self, account: str) -> None:
        """Open the ⋮ menu of ``account`` on the integration's page."""
        self.open_integration()
        row = self.page.locator("ha-config-entry-row").filter(has_text=account).first
        row.locator("ha-dropdown > ha-icon-button").first.click()

    def open_menu(self, label: str) -> None:
        """Open the drop-down field labelled ``label`` in the dialog."""
        self.page.locator("ha-dialog").get_by_text(re.compile(rf"^{re.escape(label)}\s*\*?$")).first.click()
        expect(self.options().first).to_be_visible()

    def options(self) -> Locator:
        """The options of the open drop-down (a select's items or a picker's list)."""
        return self.page.locator("ha-dropdown-item:visible, [role=option]:visible")

    def choose(self, label: str, index: int) -> None:
        """Choose the ``index``-th option of the drop-down field ``label``."""
        self.open_menu(label)
        self.options().nth(index).click()

    def menu_item(self, name: str) -> Locator:
        return self.page.locator("ha-dropdown-item").filter(has_text=name, visible=True).first

    def add_voice(self, account: str) -> None:
        """Add a CosyVoice v2 voice to ``account`` from its menu, looking at the voice menu on the way."""
        self.entry_menu(account)
        self.menu_item(self.ours("config_subentries.voice.initiate_flow.user")).click()
        self.see(self.ours("config_subentries.voice.step.model.title", account=account))
        self.choose(self.ours("config_subentries.voice.step.model.data.model"), 2)
        self.check("model-menu")
        self.submit()
        self.see(self.ours("config_subentries.voice.step.voice.title", account=account))
        self.open_menu(self.ours("config_subentries.voice.step.voice.data.voice"))
        described = (
            "龙小淳（智能助手女声）" if self.zh else "Long Xiaochun (assistant, woman)"
        )  # what each voice is like
        expect(self.options().filter(has_text=described)).to_have_count(1)
        self.check("voice-menu")
        self.shot("voice-menu")
        self.options().nth(3).click()
        self.check("voice-step")
        self.shot("voice-step")
        self.submit()
        self.finish()

    def change_voice(self, account: str) -> None:
        """Change the first voice of ``account`` to another voice of its model."""
        self.open_integration()
        voice = "龙安洋" if self.zh else "Long Anyang"
        self.changed_voice = "龙安欢" if self.zh else "Long Anhuan"
        row = self.page.locator("ha-config-sub-entry-row").filter(has_text=voice).first
        row.get_by_role("button", name=self.ours("config_subentries.voice.initiate_flow.reconfigure")).click()
        self.see(self.ours("config_subentries.voice.step.change_model.title", account=account, voice=voice))
        self.check("change-model")
        self.submit()
        self.see(self.ours("config_subentries.voice.step.change_voice.title", account=account, voice=voice))
        self.choose(self.ours("config_subentries.voice.step.voice.data.voice"), 1)
        self.check("change-voice")
        self.submit()
        close = self.page.locator("ha-dialog-footer").get_by_role(
            "button", name=self.s.ui("ui.common.close")
        )  # Home Assistant's own "Reconfiguration was successful"
        expect(close).to_be_visible()
        self.check("changed")
        close.click()

    def remove_voice(self) -> None:
        """Remove the Huawei account's voice."""
        self.open_integration()
        voice = "华小莉" if self.zh else "Huaxiaoli"
        row = self.page.locator("ha-config-sub-entry-row").filter(has_text=voice).first
        row.locator("ha-dropdown > ha-icon-button").first.click()
        self.menu_item(self.s.ui("ui.common.delete")).click()
        self.check("remove-voice")
        self.button(self.s.ui("ui.common.delete")).click()
        expect(self.page.locator("ha-config-sub-entry-row").filter(has_text=voice)).to_have_count(0)
        self.check("account-page")
        self.shot("account-page")

    def failed_reply(self) -> None:
        """A reply the service refuses (balance used up): the Media panel fails, a repair issue says why."""
        self.fakes.fail_replies(("Arrearage", "Access denied, please make sure your account is in good standing."))
        self.go("/media-browser/browser")
        tts = self.page.get_by_text("Text-to-speech", exact=True)  # Home Assistant's own tile, in English only
        tts.filter(visible=True).first.click()
        # Both Model Studio accounts have a Long Anyang: the later one's tile names its account, cut short by the
        # tile and whole on hover (the frontend ties a tile's tooltip to an ID made of its title; Chinese titles
        # all make the same ID, so in Chinese the tooltip never shows).
        tile = self.page.get_by_text(self.later_voice, exact=True).filter(visible=True)
        tile.hover()
        if not self.zh:
            expect(self.page.locator("ha-tooltip").filter(has_text=self.later_voice)).to_have_js_property("open", True)
        self.check("media-voices")
        self.shot("media-voices")
        self.page.get_by_text(self.changed_voice, exact=True).filter(visible=True).first.click()
        self.page.get_by_role("textbox").first.fill("Hello" if not self.zh else "你好")
        self.button(self.s.ui("ui.components.media-browser.tts.action_play")).click()
        self.see(self.s.ui("ui.components.media-browser.media_not_supported"))
        self.shot("media-failed")
        self.go("/config/repairs")
        title = self.ours("issues.quota_exceeded.title", account=self.model_studio_title())
        self.see(title)
        self.page.get_by_text(title, exact=True).click()
        self.check("repair-issue")
        self.shot("repair-issue")
        self.fakes.fail_replies(None)

    def more_info(self) -> None:
        """Open the more-info dialog of the voice with the longest name, never used: its state on one line."""
        self.go("/config/entities")
        # The list groups entities by device (named as its voice): the group's title, then the entity's row.
        self.page.get_by_text(self.later_voice, exact=True).filter(visible=True).nth(1).click()
        dialog = self.page.locator("ha-more-info-dialog")
        expect(dialog.get_by_text(self.later_voice, exact=True).filter(visible=True).first).to_be_visible()
        state = self.s.ui("state.default.unknown")
        expect(dialog.get_by_text(state, exact=True).filter(visible=True).first).to_be_visible()
        self.check("more-info", scope="ha-more-info-dialog")
        lines = self.page.evaluate(LINES_OF, ["ha-more-info-dialog", state])
        assert lines == [1], f"the voice's state '{state}' is broken over lines: {lines}"
        self.shot("more-info")
        self.page.keyboard.press("Escape")
        # Closing the dialog goes back in the browser's history: a page opened before that would be left again.
        expect(dialog.get_by_text(state, exact=True).filter(visible=True)).to_have_count(0)
        self.page.wait_for_load_state()

    def model_studio_title(self) -> str:
        return "阿里云百炼 华北2（北京）" if self.zh else "Model Studio China (Beijing)"

    def download_diagnostics(self, account: str) -> None:
        """Download the account's diagnostics: no secret in them."""
        self.entry_menu(account)
        self.check("entry-menu")
        self.shot("diagnostics")
        with self.page.expect_download() as download:
            name = self.s.ui("ui.panel.config.integrations.config_entry.download_diagnostics")
            self.menu_item(name).click()
        text = Path(download.value.path()).read_text()
        assert "sk-test" not in text and "s3cret" not in text, "a secret in the diagnostics"
        assert json.loads(text)["data"], "empty diagnostics"

    def open_integration(self) -> None:
        accounts = self.page.locator("ha-config-entry-row").first
        deadline = time.monotonic() + 60
        while True:  # the frontend may still go back in history from a closed dialog: then open the page again
            self.go("/config/integrations/integration/cloud_tts")
            try:
                expect(accounts).to_be_visible(timeout=15_000)
                return
            except AssertionError:
                if time.monotonic() > deadline:
                    raise


def walk(language: str, shots: Path) -> None:
    """Start the fakes and Home Assistant, walk the flows in ``language``; raise at the first wrong step."""
    shots.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cloud-tts-ui-")))
        config = work / "config"
        (config / "custom_components").mkdir(parents=True)
        (config / "custom_components" / "cloud_tts").symlink_to(ROOT / "custom_components" / "cloud_tts")
        http_port = _free_port()
        (config / "configuration.yaml").write_text(
            f"homeassistant:\n  language: {language}\n"  # a Chinese Home Assistant names things in Chinese
            "frontend:\nconfig:\nrepairs:\nmedia_source:\ntts:\ndiagnostics:\n"
            f"http:\n  server_host: 127.0.0.1\n  server_port: {http_port}\n"
        )
        (config / ".storage").mkdir()
        (config / ".storage" / "onboarding").write_text(json.dumps(ONBOARDED_BUT_THE_OWNER))
        fakes = stack.enter_context(Fakes())
        stack.enter_context(
            # --skip-pip: the packages come with the venv (requirements-ui.txt); Home Assistant installing one while the
            # frontend first loads made its service list fail, and the frontend then stayed at "Loading…" for good.
            _process(
                [sys.executable, "-m", "homeassistant", "--config", str(config), "--skip-pip"], work, work / "hass.log"
            )
        )
        base = f"http://127.0.0.1:{http_port}"
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            _wait_for(f"{base}/manifest.json", deadline)
            _wait_until_running(base, _onboard(base, language), deadline)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*FLAGS, f"--lang={language}"])
                context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=language)
                context.set_default_timeout(30_000)
                steps = Walk(context.new_page(), base, Strings(language), fakes, shots)
                try:
                    steps.login()
                    steps.all()
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
