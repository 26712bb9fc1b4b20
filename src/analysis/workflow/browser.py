"""Headless Chromium (Debian's ``chromium``) driven by Playwright, for the web edition's checks.

Playwright's own browser download is not used: the system's Chromium is launched by path, with every
background service that could reach the network switched off. Each page is checked for console errors,
failed requests, requests to any other host, and axe-core's accessibility rules (axe-playwright-python
ships axe-core).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ENV = "ANALYSIS_CHROMIUM"
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def chromium() -> str | None:
    """The Chromium to drive: ``ANALYSIS_CHROMIUM`` if set, else Debian's, else none."""
    chosen = os.environ.get(CHROMIUM_ENV)
    if chosen:
        return chosen if Path(chosen).exists() else None
    return next((p for p in CHROMIUM_PATHS if Path(p).exists()), None) or shutil.which("chromium")


def missing() -> str:
    """Why the browser checks cannot run here, or "" when they can."""
    if chromium() is None:
        return "no Chromium found (install Debian's package: apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
        import axe_playwright_python  # noqa: F401
    except ImportError as error:
        return f"{error.name} is not installed (make install)"
    return ""


@contextlib.contextmanager
def launched() -> Iterator[object]:
    """A headless browser for the block."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageReport:
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console_errors]
                + [f"failed request: {r}" for r in self.failed_requests]
                + [f"request to another host: {r}" for r in self.outside_requests]
                + [f"axe {v['id']} ({v['impact']}): {v['help']} at {', '.join(str(n['target']) for n in v['nodes'][:3])}"
                   for v in self.violations])


def is_local(url: str, base: str) -> bool:
    """A request the site may make: a file of the site itself, or an inline resource."""
    return url.startswith(base) or url.startswith(("data:", "about:", "blob:"))


def open_page(browser, url: str, viewport: dict = DESKTOP):
    """A new page at ``url``, watched from before its first request; returns (page, report)."""
    page = browser.new_page(viewport=viewport)
    report = PageReport(url)
    base = url.rsplit("/", 1)[0].removesuffix("/notebooks")
    page.on("console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: report.console_errors.append(str(e)))
    page.on("requestfailed", lambda r: report.failed_requests.append(f"{r.url} ({r.failure})"))
    page.on("request", lambda r: None if is_local(r.url, base) else report.outside_requests.append(r.url))
    page.goto(url, wait_until="load")
    return page, report


# Only violations are listed (collecting every pass doubles the time). Stylesheets are read from the page, not
# fetched again: from disk (file://) a browser refuses axe's fetch, which would be a console error of axe's own.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}


def check(browser, url: str, viewport: dict = DESKTOP) -> PageReport:
    """Load ``url`` and run axe-core on it (every rule axe runs by default, best practices included)."""
    from axe_playwright_python.sync_playwright import Axe

    page, report = open_page(browser, url, viewport)
    try:
        report.violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    finally:
        page.close()
    return report


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on a free port of 127.0.0.1 for the block (a static server, as GitHub Pages is);
    yields the base URL."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
