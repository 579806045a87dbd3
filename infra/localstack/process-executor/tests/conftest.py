import http.server
import io
import json
import os
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(SRC))

from dubwatch_process_executor.shim import Shim  # noqa: E402

FAKE_RUNTIME = [sys.executable, str(HERE / "fake_runtime.py")]
RUNTIME_ID = "0123456789abcdef0123456789abcdef"


class FakeLocalStack:
    """Records what an environment posts to LocalStack's executor endpoint (/_localstack_lambda/<id>/...)."""

    def __init__(self):
        self.posts: list[tuple[str, bytes]] = []
        self.cond = threading.Condition()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with outer.cond:
                    outer.posts.append((self.path, body))
                    outer.cond.notify_all()
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}/_localstack_lambda/{RUNTIME_ID}"

    def wait_for(self, suffix: str, timeout: float = 15) -> bytes:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for path, body in self.posts:
                    if path.endswith(suffix):
                        return body
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no POST to *{suffix} within {timeout}s; got {[p for p, _ in self.posts]}")
                self.cond.wait(remaining)

    def paths(self) -> list[str]:
        with self.cond:
            return [p.split(RUNTIME_ID, 1)[1] for p, _ in self.posts]

    def result(self, request_id: str, timeout: float = 15) -> tuple[str, dict | str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.cond:
                for path, body in self.posts:
                    for kind in ("response", "error"):
                        if path.endswith(f"/invocations/{request_id}/{kind}"):
                            try:
                                return kind, json.loads(body)
                            except ValueError:
                                return kind, body.decode()
                self.cond.wait(0.1)
        raise AssertionError(f"no result for {request_id}; got {self.paths()}")

    def logs(self, request_id: str) -> str:
        return json.loads(self.wait_for(f"/invocations/{request_id}/logs"))["logs"]


def base_env(localstack: FakeLocalStack, **extra) -> dict:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LOCALSTACK_RUNTIME_ENDPOINT": localstack.endpoint,
        "LOCALSTACK_RUNTIME_ID": RUNTIME_ID,
        "AWS_LAMBDA_FUNCTION_NAME": "fn",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_FUNCTION_TIMEOUT": "2",
        "_HANDLER": "fake.Handler::handleRequest",
        "MY_VAR": "hello",
    }
    env.update(extra)
    return env


def invoke(port: int, request_id: str, payload, arn="arn:aws:lambda:us-east-1:000000000000:function:fn",
           trace="Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1") -> bytes:
    body = json.dumps({"invoke-id": request_id, "invoked-function-arn": arn,
                       "payload": json.dumps(payload), "trace-id": trace}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/invoke", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
        return response.read()


@pytest.fixture
def localstack():
    fake = FakeLocalStack()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def make_shim(localstack):
    shims = []

    def make(command=None, cwd=None, **env) -> Shim:
        shim = Shim(command or FAKE_RUNTIME, env=base_env(localstack, **env), cwd=cwd, log_sink=io.StringIO())
        shims.append(shim)
        return shim.start()

    yield make
    for shim in shims:
        shim.stop(grace=0.5)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not alive
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False
