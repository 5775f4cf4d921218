"""A real PostgreSQL server for the tests: Debian's binaries, a temporary data folder, a free port, a password."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORD = "Prism-Test-Pw-7f3a"  # a test server's own password, on 127.0.0.1 only
USER = "prism"


@dataclass
class PostgresServer:
    """initdb + pg_ctl in a temporary folder; as root they run as the `postgres` user (initdb refuses root)."""

    folder: Path
    port: int
    bin: Path

    @classmethod
    def start(cls) -> PostgresServer:
        """A new server; its folder is directly under /tmp (pytest's own is closed to the postgres user)."""
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            message = "PostgreSQL is not installed: `make test` installs Debian's postgresql."
            pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
        folder = Path(tempfile.mkdtemp(prefix="prism-pg-"))
        server = cls(folder=folder, port=_free_port(), bin=Path(found[-1]).parent)
        pwfile = folder / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
            shutil.chown(pwfile, "postgres")
        server._run("initdb", "-D", str(folder / "data"), "-U", USER, "-A", "scram-sha-256", f"--pwfile={pwfile}",
                    "--no-sync", "-E", "UTF8")  # fmt: skip
        options = f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        server._run("pg_ctl", "-D", str(folder / "data"), "-o", options, "-l", str(folder / "log"), "-w", "start")
        return server

    def url(self, *, with_password: bool) -> str:
        secret = f":{PASSWORD}" if with_password else ""
        return f"postgresql://{USER}{secret}@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {done.stderr or done.stdout}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
