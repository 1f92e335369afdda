"""Talking to a server a test started: wait until it answers, open a websocket by hand."""

from __future__ import annotations

import base64
import http.client
import os
import subprocess
import time
import urllib.request


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not become healthy")


def websocket_status(url: str, host: str) -> int:
    """The status of a websocket handshake to Streamlit's stream sent with this Host header."""
    address = url.removeprefix("http://")
    conn = http.client.HTTPConnection(address, timeout=10)
    try:
        conn.putrequest("GET", "/_stcore/stream", skip_host=True)
        for name, value in [
            ("Host", host),
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Key", base64.b64encode(os.urandom(16)).decode()),
            ("Sec-WebSocket-Version", "13"),
            ("Sec-WebSocket-Protocol", "streamlit"),
        ]:
            conn.putheader(name, value)
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()
