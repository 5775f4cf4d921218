"""Real-browser test support: a Prism server on a free local port and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-sandbox",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def prism_server(workspace: Path, home: Path, *, data_dir: Path | None = None) -> Iterator[str]:
    """Start `streamlit run app.py` on 127.0.0.1 and yield its URL once it answers its health check."""
    port = free_port()
    env = {
        **os.environ,
        "HOME": str(home),
        "PRISM_WORKSPACE": str(workspace),
        "PRISM_DATA_DIR": str(data_dir or home / "data"),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"]
    log = open(home / "server.log", "w+b")  # noqa: SIM115  (closed below, after the server stops)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"The Prism server exited early:\n{log.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("The Prism server did not answer its health check within 90 s")


@contextmanager
def chromium(home: Path) -> Iterator[Browser]:
    """Headless Debian Chromium with the network-quiet flags measured on these machines."""
    os.environ["HOME"] = str(home)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def settle(page: Page, timeout: float = 60_000) -> None:
    """Wait until the Streamlit script has finished its run (what Streamlit's own e2e suite waits for)."""
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_timeout(200)


def server_peak_rss_mb(url: str) -> float:
    """Peak resident memory (VmHWM) of the Prism server listening on `url`'s port, found in /proc."""
    port = url.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
            status = (proc / "status").read_text()
        except (OSError, ValueError):
            continue
        if b"streamlit" in b" ".join(command) and port.encode() in command:
            peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
            return peak_kb / 1024
    raise RuntimeError(f"No Prism server process found for {url}")


# Every browser test module sets `pytestmark = BROWSER_TEST`.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed: run `make test`"),
]


@contextmanager
def prism_page(tmp_path: Path, *, workspace: Path | None = None) -> Iterator[Page]:
    """A Prism server over `workspace` (default: a new one, seeded on first start) and a page open on it."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    with prism_server(workspace or tmp_path / "workspace", home) as url, chromium(home) as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(url, timeout=120_000)
        settle(page, timeout=180_000)  # a first start seeds the example data
        yield page
