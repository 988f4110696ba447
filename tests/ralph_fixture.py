"""A real Ralph LRS on 127.0.0.1 at a free port, for the sync and cohort tests (issue 15).

Credentials are written with ``ralph auth … --write-to-disk`` into a temporary
``RALPH_APP_DIR``; the server (``ralph_server.py``: Ralph's own app and file-system backend, see
there why not ``ralph runserver``) keeps its statements in a temporary directory
(``RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH``). The fixture waits for ``/whoami`` and
stops the server by its process id at the end. A server that does not start fails the test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).parent
USER, PASSWORD = "instructor", "cohort-secret"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ralph_command() -> list[str]:
    script = Path(sys.executable).with_name("ralph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ralph"]


@dataclass
class Ralph:
    """One Ralph server process and where it keeps things."""

    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The xAPI endpoint (what AITRAINER_LRS_URL names)."""
        return f"http://127.0.0.1:{self.port}/xAPI/"

    @property
    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "RALPH_APP_DIR": str(self.root / "app"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(self.root / "data"),
        }

    def write_credentials(self) -> None:
        (self.root / "data").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                *_ralph_command(),
                "auth",
                "--username",
                USER,
                "--password",
                PASSWORD,
                "--scope",
                "all",
                "-A",
                USER,
                "https://cohort.example.org",
                "--write-to-disk",
            ],
            env=self.environment,
            check=True,
            capture_output=True,
            cwd=self.root,
        )

    def start(self) -> None:
        """Start the server and wait until ``/whoami`` answers for our user."""
        with (self.root / "server.log").open("ab") as log:  # the server keeps its own copy
            self.process = subprocess.Popen(
                [sys.executable, str(HERE / "ralph_server.py"), str(self.port)],
                env=self.environment,
                cwd=self.root,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        import httpx

        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{self.port}/whoami", auth=(USER, PASSWORD), timeout=2
                )
                if answer.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        text = (self.root / "server.log").read_text(errors="replace")[-3000:]
        pytest.fail(f"Ralph did not start on port {self.port}:\n{text}")

    def stop(self) -> None:
        """Stop the server by its process id (and its process group, which it leads)."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def started(root: Path) -> Ralph:
    """A new Ralph with its credentials, running."""
    server = Ralph(root)
    server.write_credentials()
    server.start()
    return server


@pytest.fixture(scope="session")
def ralph_lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    """The session's Ralph LRS (statements of every test share it: query by registration)."""
    server = started(tmp_path_factory.mktemp("ralph"))
    try:
        yield server
    finally:
        server.stop()
