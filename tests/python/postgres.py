"""A throwaway PostgreSQL server on loopback, for the tests that build on a second engine.

`make test` builds the fixtures on it so that a construct only DuckDB understands fails
at once. The server runs as the `postgres` system user in a temporary folder and is
removed afterwards.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

DATABASE = "leadscore"


def server_binaries() -> Path:
    """The folder holding initdb and pg_ctl (Debian keeps them out of PATH)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if Path(folder, "initdb").exists():
            return Path(folder)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise FileNotFoundError(
        "PostgreSQL server binaries not found: `make test` installs them (apt-get install -y postgresql)."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    """Run as the postgres system user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def throwaway_server() -> Iterator[dict[str, str]]:
    """Start a fresh cluster; yield the LEADSCORE_PG_* settings that reach it; remove it."""
    binaries = server_binaries()
    folder = Path(tempfile.mkdtemp(prefix="leadscore-pg-"))
    data = folder / "data"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres")
    subprocess.run(
        _as_postgres(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        _as_postgres(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "server.log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            [
                str(binaries / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                DATABASE,
            ],
            check=True,
            capture_output=True,
        )
        yield {
            "LEADSCORE_PG_HOST": "127.0.0.1",
            "LEADSCORE_PG_PORT": str(port),
            "LEADSCORE_PG_USER": "postgres",
            "LEADSCORE_PG_DATABASE": DATABASE,
        }
    finally:
        subprocess.run(
            _as_postgres([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
