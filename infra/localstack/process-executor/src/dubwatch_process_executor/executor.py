"""LocalStack's side: a RuntimeExecutor whose execution environments are local processes, no Docker.

Each environment is ``python -m dubwatch_process_executor.shim -- <java21 command>`` in its own session,
working directory = the function's unzipped code (the task root). LocalStack talks to it exactly as to a
Lambda container: ExecutorEndpoint POSTs ``/invoke`` to 127.0.0.1:<the shim's port>, the shim calls back
on ``/_localstack_lambda/<id>/...``.

Nothing outlives LocalStack: stop() ends the shim (which ends the runtime's process group); an atexit hook
ends what is left; and each shim watches a pipe from this process and ends when it closes (LocalStack
killed), while the runtime dies with its shim (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time

from localstack import config
from localstack.services.lambda_.invocation.executor_endpoint import ExecutorEndpoint
from localstack.services.lambda_.invocation.lambda_models import FunctionVersion
from localstack.services.lambda_.invocation.runtime_executor import LambdaRuntimeException, RuntimeExecutor

from . import java21

LOG = logging.getLogger(__name__)
PORT_TIMEOUT_SECONDS = 15

_live: dict[str, subprocess.Popen] = {}
_live_lock = threading.Lock()


def _end_process_group(proc: subprocess.Popen, grace: float) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(grace)
        except (ProcessLookupError, PermissionError):
            pass
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
            except (ProcessLookupError, PermissionError, subprocess.TimeoutExpired):
                pass
    for pipe in (proc.stdin, proc.stdout):
        try:
            if pipe:
                pipe.close()
        except OSError:
            pass


@atexit.register
def _stop_all() -> None:
    with _live_lock:
        procs = list(_live.values())
        _live.clear()
    for proc in procs:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
    deadline = time.monotonic() + 3
    for proc in procs:
        try:
            proc.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def _loopback_host() -> str:
    host = config.GATEWAY_LISTEN[0].host
    return "127.0.0.1" if host in ("", "0.0.0.0", "::", "[::]") else host


class ProcessRuntimeExecutor(RuntimeExecutor):
    def __init__(self, id: str, function_version: FunctionVersion) -> None:
        super().__init__(id=id, function_version=function_version)
        self.executor_endpoint = ExecutorEndpoint(self.id, container_address="127.0.0.1", container_port=None)
        self.process: subprocess.Popen | None = None
        self.log_path: str | None = None
        self._lock = threading.Lock()
        self._stopped = False

    # lifecycle -------------------------------------------------------------------------------------------
    def start(self, env_vars: dict[str, str]) -> None:
        fv_config = self.function_version.config
        try:
            java21.check_runtime(fv_config.runtime, fv_config.package_type)
            directory = java21.ric_dir()
            java = java21.find_java()
            handler = str(env_vars.get("_HANDLER") or fv_config.handler)
            task_root = str(fv_config.code.get_unzipped_code_location())
            command = java21.jvm_command(java, directory, handler, fv_config.memory_size)
        except (java21.UnsupportedRuntime, java21.RuntimeSetupError) as e:
            raise LambdaRuntimeException(str(e)) from e
        env = java21.runtime_environment(env_vars, task_root, str(directory))

        self.executor_endpoint.start()
        fd, self.log_path = tempfile.mkstemp(
            prefix=f"lambda-{self.function_version.id.function_name}-{self.id}-", suffix=".log"
        )
        with self._lock:
            if self._stopped:
                os.close(fd)
                raise LambdaRuntimeException(f"execution environment {self.id} was stopped while starting")
            self.process = subprocess.Popen(
                [sys.executable, "-m", "dubwatch_process_executor.shim", "--watch-stdin", "--", *command],
                cwd=task_root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=fd,
                start_new_session=True,
            )
        os.close(fd)
        with _live_lock:
            _live[self.id] = self.process
        LOG.debug("Execution environment %s: shim pid %s, %s", self.id, self.process.pid, " ".join(command))
        self.executor_endpoint.container_port = self._read_port()
        self.executor_endpoint.wait_for_startup()

    def _read_port(self) -> int:
        proc = self.process
        line = b""
        deadline = time.monotonic() + PORT_TIMEOUT_SECONDS
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or proc.poll() is not None:
                break
            readable, _, _ = select.select([proc.stdout], [], [], min(remaining, 0.5))
            if readable:
                chunk = os.read(proc.stdout.fileno(), 256)
                if not chunk:
                    break
                line += chunk
        try:
            return int(json.loads(line)["port"])
        except (ValueError, KeyError, TypeError):
            raise LambdaRuntimeException(
                f"execution environment {self.id} did not start (exit code {proc.poll()}): {self.get_logs()[-2000:]}"
            ) from None

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            proc = self.process
        if proc is not None:
            _end_process_group(proc, grace=2.0)
            with _live_lock:
                _live.pop(self.id, None)
        try:
            self.executor_endpoint.shutdown()
        except Exception as e:  # as the Docker executor: the endpoint may not have started
            LOG.debug("Error while stopping executor endpoint for lambda %s: %s",
                      self.function_version.qualified_arn, e)
        if self.log_path:
            try:
                os.unlink(self.log_path)
            except OSError:
                pass

    # addresses -------------------------------------------------------------------------------------------
    def get_address(self) -> str:
        return "127.0.0.1"

    def get_endpoint_from_executor(self) -> str:
        return _loopback_host()

    def get_runtime_endpoint(self) -> str:
        return (f"http://{self.get_endpoint_from_executor()}:{config.GATEWAY_LISTEN[0].port}"
                f"{self.executor_endpoint.get_endpoint_prefix()}")

    # invocations -----------------------------------------------------------------------------------------
    def invoke(self, payload: dict[str, str]):
        return self.executor_endpoint.invoke(payload)

    def get_logs(self) -> str:
        if not self.log_path:
            return "Execution environment was not started"
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return "Execution environment logs are gone"

    # versions --------------------------------------------------------------------------------------------
    @classmethod
    def prepare_version(cls, function_version: FunctionVersion) -> None:
        fv_config = function_version.config
        try:
            java21.check_runtime(fv_config.runtime, fv_config.package_type)
            directory = java21.ric_dir()
            java21.jni_library(directory)
            java21.find_java()
        except (java21.UnsupportedRuntime, java21.RuntimeSetupError) as e:
            LOG.warning("Lambda function %s cannot run here: %s", function_version.qualified_arn, e)
            raise LambdaRuntimeException(str(e)) from e
        if fv_config.code:
            fv_config.code.prepare_for_execution()

    @classmethod
    def cleanup_version(cls, function_version: FunctionVersion) -> None:
        pass

    @classmethod
    def validate_environment(cls) -> bool:
        try:
            java21.ric_jars(java21.ric_dir())
            java21.find_java()
        except java21.RuntimeSetupError as e:
            LOG.warning("The 'process' Lambda executor cannot run java21 functions: %s", e)
            return False
        return True
