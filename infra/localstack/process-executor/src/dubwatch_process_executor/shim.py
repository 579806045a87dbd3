"""The per-environment "init" of the process executor: standard library only.

LocalStack's Docker executor runs its Go init (lambda-runtime-init) as PID 1 of each Lambda container.
This module plays the same part for one execution environment that is a local process:

* it serves the Lambda Runtime API (``/2018-06-01/runtime/...``) to the runtime it starts (for java21 the
  AWS Lambda Java Runtime Interface Client), on 127.0.0.1 and a free port;
* on the same port it takes LocalStack's ``POST /invoke`` (``{"invoke-id", "invoked-function-arn",
  "payload", "trace-id"}``) and answers ``200 OK`` at once, as the init does;
* it reports to LocalStack's executor endpoint (``LOCALSTACK_RUNTIME_ENDPOINT``) with the init's URLs and
  bodies: ``/status/<runtime id>/ready`` once the runtime first asks for work, ``/status/<id>/error``
  with the runtime's init error, then per invocation ``/invocations/<req>/logs`` (``{"logs": ...}``) and
  ``/invocations/<req>/response`` or ``/invocations/<req>/error`` (the body the runtime posted);
* it enforces the function timeout: the runtime's process group is killed, the invocation fails with
  ``{"errorType": "Sandbox.Timedout", "errorMessage": "RequestId: <id> Error: Task timed out after
  N.00 seconds"}`` (what AWS Lambda answers, and what Step Functions names the error), and the runtime is
  started again for the next invocation (AWS resets the environment the same way).

Usage: ``python -m dubwatch_process_executor.shim [--watch-stdin] -- RUNTIME_COMMAND...``. The first line
on stdout is ``{"port": N}``; everything else (the runtime's output included) goes to stderr. With
``--watch-stdin`` the shim ends (and kills the runtime) when its stdin closes, i.e. when the LocalStack
process that started it is gone, however it ended.
"""

from __future__ import annotations

import argparse
import codecs
import collections
import ctypes
import datetime
import http.server
import json
import math
import os
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import Callable

RUNTIME_API_PREFIX = "/2018-06-01/runtime"
DEFAULT_MAX_PAYLOAD_SIZE = 6291556  # the init's default (LOCALSTACK_MAX_PAYLOAD_SIZE)
ERROR_RESPONSE_KEYS = {"errorMessage", "errorType", "requestId", "stackTrace"}


def timeout_error(request_id: str, timeout_seconds: int) -> dict:
    return {
        "errorType": "Sandbox.Timedout",
        "errorMessage": f"RequestId: {request_id} Error: Task timed out after {timeout_seconds}.00 seconds",
    }


def exit_error(request_id: str | None, returncode: int) -> dict:
    reason = f"signal: {signal.Signals(-returncode).name.lower()}" if returncode < 0 else f"exit status {returncode}"
    prefix = f"RequestId: {request_id} " if request_id else ""
    return {"errorType": "Runtime.ExitError", "errorMessage": f"{prefix}Error: Runtime exited with error: {reason}"}


def is_error_shaped(body: bytes) -> bool:
    """A successful response that is only an error object is reported as an error, as LocalStack's init does."""
    try:
        value = json.loads(body)
    except ValueError:
        return False
    return isinstance(value, dict) and bool(value) and set(value) <= ERROR_RESPONSE_KEYS and "errorType" in value


class Invocation:
    def __init__(self, request_id: str, function_arn: str, payload: bytes, trace_id: str, timeout: int):
        self.id = request_id
        self.function_arn = function_arn
        self.payload = payload
        self.trace_id = trace_id
        self.started = time.monotonic()
        self.deadline_ms = int(time.time() * 1000) + timeout * 1000
        self.done = False
        self.timer: threading.Timer | None = None


class LogCollector:
    """All output since the last take(), like the init's LogCollector; also echoed to a sink (the env's log file)."""

    def __init__(self, sink):
        self._lock = threading.Lock()
        self._parts: list[str] = []
        self._sink = sink

    def put(self, text: str, line: bool = False) -> None:
        """line=True: text is one or more whole lines of ours (START/END/REPORT...), so it starts on a new line
        even when the runtime's last output had no newline."""
        with self._lock:
            if line and self._parts and not self._parts[-1].endswith("\n"):
                text = "\n" + text
            if text:
                self._parts.append(text)
        try:
            self._sink.write(text)
            self._sink.flush()
        except (OSError, ValueError):
            pass

    def take(self) -> str:
        with self._lock:
            text, self._parts = "".join(self._parts), []
        return text


class LogPump:
    """Copies a runtime's stdout and stderr into the collector. drain() returns only once every byte the runtime
    wrote so far is in the collector, so an invocation's logs include what the handler printed just before
    it returned."""

    def __init__(self, fds: list[int], collector: LogCollector):
        self._fds = list(fds)
        self._decoders = {fd: codecs.getincrementaldecoder("utf-8")("replace") for fd in fds}
        self._collector = collector
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="log-pump", daemon=True)
        self._thread.start()

    def _read_available(self, timeout: float) -> None:
        # caller holds self._lock
        while self._fds:
            readable, _, _ = select.select(self._fds, [], [], timeout)
            if not readable:
                return
            for fd in readable:
                chunk = os.read(fd, 65536)
                if chunk:
                    self._collector.put(self._decoders[fd].decode(chunk))
                else:
                    self._collector.put(self._decoders[fd].decode(b"", final=True))
                    self._fds.remove(fd)
                    os.close(fd)
            timeout = 0

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._fds:
                    return
                self._read_available(0)
            # wait outside the lock so that drain() is never blocked for long
            fds = list(self._fds)
            try:
                select.select(fds, [], [], 0.5)
            except (OSError, ValueError):
                time.sleep(0.05)

    def drain(self) -> None:
        with self._lock:
            self._read_available(0)

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)


def _die_with_parent(parent_pid: int) -> Callable[[], None]:
    libc = ctypes.CDLL(None, use_errno=True)

    def preexec() -> None:
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: the runtime dies with the shim, even on SIGKILL
        if os.getppid() != parent_pid:
            os._exit(1)

    return preexec


class Runtime:
    """One runtime process (its own process group, killed with the shim), with its output pumped into the logs."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: str | None, collector: LogCollector,
                 on_exit: Callable[["Runtime", int], None]):
        self.ready = False
        self.killed = False
        self.proc = subprocess.Popen(
            command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            process_group=0, preexec_fn=_die_with_parent(os.getpid()),
        )
        # the pump owns (duplicates of) the descriptors from now on
        pipes = [self.proc.stdout, self.proc.stderr]
        fds = [os.dup(pipe.fileno()) for pipe in pipes]
        for pipe in pipes:
            pipe.close()
        self.proc.stdout = self.proc.stderr = None
        self.pump = LogPump(fds, collector)
        self._on_exit = on_exit
        threading.Thread(target=self._wait, name=f"runtime-{self.proc.pid}", daemon=True).start()

    def _wait(self) -> None:
        code = self.proc.wait()
        self.pump.join(2)
        self._on_exit(self, code)

    def kill(self) -> None:
        self.killed = True
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def terminate(self, grace: float) -> None:
        self.killed = True
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(grace)
        except (ProcessLookupError, PermissionError):
            return
        except subprocess.TimeoutExpired:
            self.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass


class Upstream:
    """HTTP client for LocalStack's executor endpoint (e.g. http://127.0.0.1:4566/_localstack_lambda/<runtime id>)."""

    def __init__(self, endpoint: str, runtime_id: str):
        self.endpoint = endpoint.rstrip("/")
        self.runtime_id = runtime_id
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def post(self, path: str, body: bytes) -> None:
        request = urllib.request.Request(self.endpoint + path, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with self._opener.open(request, timeout=30) as response:
                response.read()
        except urllib.error.HTTPError as e:
            log(f"POST {path} answered {e.code}")
        except OSError as e:
            log(f"POST {path} failed: {e}")

    def status(self, status: str, body: bytes) -> None:
        self.post(f"/status/{self.runtime_id}/{status}", body)

    def logs(self, request_id: str, text: str) -> None:
        self.post(f"/invocations/{request_id}/logs", json.dumps({"logs": text}).encode())

    def result(self, request_id: str, is_error: bool, body: bytes) -> None:
        self.post(f"/invocations/{request_id}/{'error' if is_error else 'response'}", body)


def log(message: str) -> None:
    sys.stderr.write(f"[process-executor shim] {message}\n")
    sys.stderr.flush()


class Shim:
    def __init__(self, command: list[str], env: dict[str, str] | None = None, cwd: str | None = None,
                 host: str = "127.0.0.1", port: int = 0, log_sink=None, upstream: Upstream | None = None):
        env = dict(os.environ if env is None else env)
        self.command = command
        self.cwd = cwd
        self.upstream = upstream or Upstream(env["LOCALSTACK_RUNTIME_ENDPOINT"], env["LOCALSTACK_RUNTIME_ID"])
        self.timeout = int(env.get("AWS_LAMBDA_FUNCTION_TIMEOUT") or 3)
        self.version = env.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_size = env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        self.max_payload = int(env.get("LOCALSTACK_MAX_PAYLOAD_SIZE") or DEFAULT_MAX_PAYLOAD_SIZE)
        self.collector = LogCollector(log_sink if log_sink is not None else sys.stderr)
        self.cond = threading.Condition()
        self.pending: collections.deque[Invocation] = collections.deque()
        self.current: Invocation | None = None
        self.runtime: Runtime | None = None
        self.ready_reported = False
        self.init_error_reported = False
        self.closed = False
        self._relay: queue.Queue = queue.Queue()
        self._spawns: queue.Queue = queue.Queue()
        self.server = http.server.ThreadingHTTPServer((host, port), _handler_class(self))
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.runtime_env = dict(env, AWS_LAMBDA_RUNTIME_API=f"{host}:{self.port}")
        self.stopped = threading.Event()

    # lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> "Shim":
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.5}, name="runtime-api",
                         daemon=True).start()
        threading.Thread(target=self._relay_loop, name="relay", daemon=True).start()
        # Runtimes are started by one long-lived thread: PR_SET_PDEATHSIG fires when the *thread* that
        # forked the child ends, so it must not be an HTTP or timer thread.
        threading.Thread(target=self._spawn_loop, name="spawner", daemon=True).start()
        self.spawn(wait=True)
        return self

    def stop(self, grace: float = 1.0) -> None:
        with self.cond:
            if self.closed:
                return
            self.closed = True
            runtime = self.runtime
            for inv in [*self.pending, *([self.current] if self.current else [])]:
                if inv.timer:
                    inv.timer.cancel()
            self.cond.notify_all()
        if runtime:
            runtime.terminate(grace)
        self._spawns.put(None)
        self._relay.put(None)
        self.server.shutdown()
        self.server.server_close()
        self.stopped.set()

    def spawn(self, wait: bool = False) -> None:
        done = threading.Event()
        self._spawns.put(done)
        if wait:
            done.wait(30)

    def _spawn_loop(self) -> None:
        while True:
            done = self._spawns.get()
            if done is None:
                return
            failure = None
            # under the lock, so that the runtime's first /next always finds it as self.runtime
            with self.cond:
                if not self.closed and (self.runtime is None or self.runtime.proc.poll() is not None):
                    try:
                        self.runtime = Runtime(self.command, self.runtime_env, self.cwd, self.collector,
                                               self._on_runtime_exit)
                    except OSError as e:
                        failure = e
            if failure is not None:
                log(f"cannot start the runtime {self.command[:1]}: {failure}")
                self._runtime_failed(None, {"errorType": "Runtime.InvalidEntrypoint", "errorMessage": f"Error: {failure}"})
            done.set()

    # runtime events --------------------------------------------------------------------------------------
    def _on_runtime_exit(self, runtime: Runtime, code: int) -> None:
        with self.cond:
            if self.runtime is runtime:
                self.runtime = None
            if self.closed or runtime.killed:
                return
            was_ready = runtime.ready
        log(f"runtime (pid {runtime.proc.pid}) exited with {code}")
        self._runtime_failed(runtime, exit_error(None, code), code=code, was_ready=was_ready)

    def _runtime_failed(self, runtime: Runtime | None, error: dict, code: int | None = None,
                        was_ready: bool = False) -> None:
        """The runtime is gone: fail the invocation it was on (or, before it was ready, report an init error)."""
        with self.cond:
            inv = self.current
            if inv is None and not was_ready and self.pending:
                inv = self.pending[0]  # a re-init after a reset failed: the waiting invocation fails with it
            if inv is not None:
                self._take(inv)
            report_init = not self.ready_reported and not self.init_error_reported and not was_ready
            if report_init:
                self.init_error_reported = True
        if report_init:
            self.upstream.status("error", json.dumps(error).encode())
        if inv is not None:
            if code is not None:
                error = exit_error(inv.id, code)
            self._finish(inv, True, json.dumps(error).encode(), runtime)
            if was_ready:
                self.spawn()  # a runtime that had worked is started again (a failing init waits for the next invoke)

    def _on_timeout(self, inv: Invocation) -> None:
        with self.cond:
            if inv.done or self.closed:
                return
            self._take(inv)
            runtime = self.runtime
            restart = runtime is not None and runtime.ready
        if runtime is not None:
            runtime.kill()
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        self.collector.put(f"{stamp} {inv.id} Task timed out after {self.timeout:.2f} seconds\n", line=True)
        self._finish(inv, True, json.dumps(timeout_error(inv.id, self.timeout)).encode(), runtime)
        if runtime is not None:
            try:
                runtime.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        if restart:
            self.spawn()

    def _take(self, inv: Invocation) -> None:
        # caller holds self.cond
        inv.done = True
        if inv.timer:
            inv.timer.cancel()
        if self.current is inv:
            self.current = None
        elif inv in self.pending:
            self.pending.remove(inv)

    def _finish(self, inv: Invocation, is_error: bool, body: bytes, runtime: Runtime | None = None) -> None:
        if runtime is not None:
            runtime.pump.drain()
        duration_ms = min((time.monotonic() - inv.started) * 1000, self.timeout * 1000)
        self.collector.put(
            f"END RequestId: {inv.id}\n"
            f"REPORT RequestId: {inv.id}\tDuration: {duration_ms:.2f} ms\tBilled Duration: {math.ceil(duration_ms)} ms\t"
            f"Memory Size: {self.memory_size} MB\tMax Memory Used: {self.memory_size} MB\t\n",
            line=True,
        )
        self._relay.put((inv.id, is_error, body, self.collector.take()))

    def _relay_loop(self) -> None:
        while True:
            item = self._relay.get()
            if item is None:
                return
            request_id, is_error, body, logs = item
            self.upstream.logs(request_id, logs)
            self.upstream.result(request_id, is_error, body)

    # LocalStack -> shim ----------------------------------------------------------------------------------
    def invoke(self, request: dict) -> None:
        inv = Invocation(request["invoke-id"], request.get("invoked-function-arn", ""),
                         (request.get("payload") or "").encode(), request.get("trace-id") or "", self.timeout)
        self.collector.put(f"START RequestId: {inv.id} Version: {self.version}\n", line=True)
        inv.timer = threading.Timer(self.timeout, self._on_timeout, args=(inv,))
        inv.timer.daemon = True
        with self.cond:
            self.pending.append(inv)
            inv.timer.start()
            self.cond.notify_all()
            dead = self.runtime is None
        if dead:
            self.spawn()

    # runtime -> shim -------------------------------------------------------------------------------------
    def next_invocation(self, connection_closed: Callable[[], bool]) -> Invocation | None:
        with self.cond:
            if self.runtime is not None and not self.runtime.ready:
                self.runtime.ready = True
                report_ready = not self.ready_reported
                self.ready_reported = True
            else:
                report_ready = False
        if report_ready:
            self.upstream.status("ready", b"{}")
        with self.cond:
            while not self.closed:
                if connection_closed():
                    return None  # a runtime that was killed while it waited
                if self.pending and self.current is None:
                    inv = self.pending.popleft()
                    self.current = inv
                    return inv
                self.cond.wait(1.0)
        return None

    def invocation_result(self, request_id: str, is_error: bool, body: bytes, error_type: str | None) -> int:
        with self.cond:
            inv = self.current
            if inv is None or inv.id != request_id or inv.done:
                return 400
            self._take(inv)
            runtime = self.runtime
        if is_error:
            body = _error_body(body, error_type)
        elif len(body) > self.max_payload:
            is_error = True
            body = json.dumps({
                "errorType": "Function.ResponseSizeTooLarge",
                "errorMessage": f"Response payload size exceeded maximum allowed payload size ({self.max_payload} bytes).",
            }).encode()
        elif is_error_shaped(body):
            is_error = True
        self._finish(inv, is_error, body, runtime)
        return 202

    def init_error(self, body: bytes, error_type: str | None) -> None:
        body = _error_body(body, error_type)
        with self.cond:
            report = not self.ready_reported and not self.init_error_reported
            self.init_error_reported = self.init_error_reported or report
            inv = None
            if not report and self.current is None and self.pending:
                inv = self.pending[0]  # re-init (after a reset) failed: the waiting invocation gets the error
                self._take(inv)
            runtime = self.runtime
        if report:
            self.upstream.status("error", body)
        elif inv is not None:
            self._finish(inv, True, body, runtime)


def _error_body(body: bytes, error_type: str | None) -> bytes:
    """The runtime's error document, as posted; a body without errorType gets the one from the header."""
    try:
        value = json.loads(body) if body else {}
    except ValueError:
        value = None
    if isinstance(value, dict) and value.get("errorType"):
        return body
    document = value if isinstance(value, dict) else {"errorMessage": body.decode("utf-8", "replace")}
    document["errorType"] = error_type or "Unhandled"
    return json.dumps(document).encode()


def _handler_class(shim: Shim):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive and Expect: 100-continue, as the RIC's client expects
        server_version = "dubwatch-process-executor"

        def log_message(self, format, *args):  # noqa: A002 - quiet: one line per request would flood the logs
            pass

        def _body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                parts = []
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return b"".join(parts)
                    parts.append(self.rfile.read(size))
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _send(self, status: int, body: bytes = b"", headers: dict | None = None,
                  content_type: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if body:
                self.wfile.write(body)
            self.wfile.flush()

        def _closed(self) -> bool:
            try:
                readable, _, _ = select.select([self.connection], [], [], 0)
                return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                return True

        def do_GET(self):
            if self.path != f"{RUNTIME_API_PREFIX}/invocation/next":
                return self._send(404, b'{"errorMessage":"not found","errorType":"NotFound"}')
            inv = shim.next_invocation(self._closed)
            if inv is None:
                self.close_connection = True
                if not self._closed():
                    self._send(410, b'{"errorMessage":"environment is shutting down","errorType":"Shutdown"}')
                return
            headers = {
                "Lambda-Runtime-Aws-Request-Id": inv.id,
                "Lambda-Runtime-Deadline-Ms": str(inv.deadline_ms),
                "Lambda-Runtime-Invoked-Function-Arn": inv.function_arn,
                "Lambda-Runtime-Trace-Id": inv.trace_id,
            }
            try:
                self._send(200, inv.payload, headers)
            except OSError:
                # the runtime went away between the check and the answer: the timeout will fail the invocation
                log(f"could not hand invocation {inv.id} to the runtime")

        def do_POST(self):
            body = self._body()
            path = self.path
            error_type = self.headers.get("Lambda-Runtime-Function-Error-Type")
            if path == "/invoke":
                try:
                    request = json.loads(body)
                except ValueError:
                    return self._send(400, b'{"errorMessage":"invalid invoke request"}')
                shim.invoke(request)
                return self._send(200, b"OK", content_type="text/plain")
            if path == f"{RUNTIME_API_PREFIX}/init/error":
                shim.init_error(body, error_type)
                return self._send(202, b'{"status":"OK"}')
            prefix = f"{RUNTIME_API_PREFIX}/invocation/"
            if path.startswith(prefix):
                request_id, _, kind = path[len(prefix):].rpartition("/")
                if kind in ("response", "error") and request_id:
                    status = shim.invocation_result(request_id, kind == "error", body, error_type)
                    if status == 202:
                        return self._send(202, b'{"status":"OK"}')
                    return self._send(400, b'{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}')
            return self._send(404, b'{"errorMessage":"not found","errorType":"NotFound"}')

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dubwatch_process_executor.shim")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--watch-stdin", action="store_true", help="stop when stdin closes (the parent is gone)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no runtime command")

    shim = Shim(command, host=args.host, port=args.port)
    # announce the port on stdout, then keep stdout for nothing else
    sys.stdout.write(json.dumps({"port": shim.port}) + "\n")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    def on_signal(signum, _frame):
        threading.Thread(target=shim.stop, name="stop", daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if args.watch_stdin:
        def watch():
            while sys.stdin.buffer.read(4096):
                pass
            log("stdin closed (LocalStack is gone): stopping")
            shim.stop(grace=0.5)

        threading.Thread(target=watch, name="stdin-watch", daemon=True).start()
    shim.start()
    while not shim.stopped.wait(1.0):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
