"""Playwright in real headless Chromium against Django's live server, with axe-core checks.

Loaded as a pytest plugin from `civicdesk/conftest.py`. The browser is Debian's `chromium`
(`.ci/run` installs it); `CHROMIUM_PATH` points elsewhere. Browser tests are marked `browser`.
"""

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium per test module.

    Not per session: while Playwright's sync API is open it keeps an asyncio loop running in this thread,
    which would break later tests that run their own loop (asyncio.run, async_to_sync).
    """
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still
    # synchronous, so Django's async-safety guard must stand aside for browser tests.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM_PATH).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM_PATH}: run `apt-get install chromium` (as .ci/run does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    context = chromium.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@dataclass
class AxeReport:
    url: str
    violations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def blocking(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v.get("impact") in BLOCKING_IMPACTS]

    def summary(self) -> str:
        return "\n".join(
            f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}" for v in self.blocking
        )


def run_axe(page: Any) -> AxeReport:
    """Run axe-core (from npm) on the page as it stands; WCAG 2.1 A/AA rules and best practices."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return AxeReport(url=page.url, violations=json.loads(json.dumps(result["violations"])))


def assert_accessible(page: Any) -> None:
    """Fail with axe's own words when the page has a serious or critical violation."""
    report = run_axe(page)
    assert not report.blocking, f"axe-core found serious/critical violations on {report.url}:\n{report.summary()}"
