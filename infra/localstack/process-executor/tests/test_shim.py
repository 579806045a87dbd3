"""The shim against a fake runtime (a Python Runtime API client) and a fake LocalStack executor endpoint."""

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from conftest import FAKE_RUNTIME, RUNTIME_ID, SRC, base_env, invoke, pid_alive

READY = f"/status/{RUNTIME_ID}/ready"
STATUS_ERROR = f"/status/{RUNTIME_ID}/error"


def test_reports_ready_then_relays_logs_and_response(make_shim, localstack):
    shim = make_shim()
    assert localstack.wait_for(READY) == b"{}"

    assert invoke(shim.port, "req-1", {"echo": 1}) == b"OK"

    kind, body = localstack.result("req-1")
    assert kind == "response"
    assert body["echo"] == 1
    assert body["env"] == {"AWS_LAMBDA_FUNCTION_NAME": "fn", "MY_VAR": "hello",
                           "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{shim.port}"}
    # the init's URLs, logs before the result
    assert localstack.paths() == [READY, "/invocations/req-1/logs", "/invocations/req-1/response"]
    logs = localstack.logs("req-1")
    assert "fake runtime starting, handler=fake.Handler::handleRequest" in logs  # init output goes with the 1st
    assert "START RequestId: req-1 Version: $LATEST\n" in logs
    assert "END RequestId: req-1\n" in logs
    assert "REPORT RequestId: req-1\tDuration: " in logs and "Memory Size: 256 MB" in logs


def test_next_invocation_carries_the_runtime_headers(make_shim, localstack):
    shim = make_shim()
    localstack.wait_for(READY)
    before = time.time() * 1000
    invoke(shim.port, "req-h", {"headers": True}, arn="arn:aws:lambda:us-east-1:000000000000:function:fn:live",
           trace="Root=1-abc;Parent=def;Sampled=1")

    _, headers = localstack.result("req-h")
    headers = {k.lower(): v for k, v in headers.items()}
    assert headers["lambda-runtime-aws-request-id"] == "req-h"
    assert headers["lambda-runtime-invoked-function-arn"] == "arn:aws:lambda:us-east-1:000000000000:function:fn:live"
    assert headers["lambda-runtime-trace-id"] == "Root=1-abc;Parent=def;Sampled=1"
    assert before + 1500 < int(headers["lambda-runtime-deadline-ms"]) < time.time() * 1000 + 2500


def test_each_invocation_gets_its_own_output(make_shim, localstack):
    shim = make_shim()
    localstack.wait_for(READY)
    invoke(shim.port, "p-1", {"print": "first"})
    localstack.result("p-1")
    invoke(shim.port, "p-2", {"print": "second"})
    localstack.result("p-2")

    first, second = localstack.logs("p-1"), localstack.logs("p-2")
    assert "first\n" in first and "first (stderr)\n" in first and "second" not in first
    assert "second\n" in second and "second (stderr)\n" in second and "first" not in second
    assert second.index("START RequestId: p-2") < second.index("second") < second.index("END RequestId: p-2")


def test_our_lines_start_on_a_new_line(make_shim, localstack):
    shim = make_shim()
    localstack.wait_for(READY)
    invoke(shim.port, "w-1", {"write": "no newline"})
    localstack.result("w-1")
    assert "no newline\nEND RequestId: w-1\n" in localstack.logs("w-1")


def test_function_error_is_relayed_with_the_exception_class_as_error_type(make_shim, localstack):
    shim = make_shim()
    localstack.wait_for(READY)
    invoke(shim.port, "e-1", {"raise": "dev.dubwatch.camb.CambUnavailableException", "message": "Camb is down"})

    kind, body = localstack.result("e-1")
    assert kind == "error"
    assert body == {"errorMessage": "Camb is down", "errorType": "dev.dubwatch.camb.CambUnavailableException",
                    "stackTrace": ["at Fake.handle(Fake.java:1)"]}


def test_error_without_error_type_takes_it_from_the_header(make_shim, localstack):
    shim = make_shim()
    localstack.wait_for(READY)
    invoke(shim.port, "e-2", {"raw_error": "not json"})
    assert localstack.result("e-2") == ("error", {"errorMessage": "not json", "errorType": "Custom.Type"})


def test_a_response_shaped_like_an_error_is_an_error_as_with_localstacks_init(make_shim, localstack):
    shim = make_shim()
    localstack.wait_for(READY)
    invoke(shim.port, "e-3", {"error_shaped": True})
    assert localstack.result("e-3") == ("error", {"errorType": "Looks.Like.Error", "errorMessage": "but returned"})


def test_oversized_response_fails(make_shim, localstack):
    shim = make_shim(LOCALSTACK_MAX_PAYLOAD_SIZE="100")
    localstack.wait_for(READY)
    invoke(shim.port, "big", {"big": 200})
    kind, body = localstack.result("big")
    assert kind == "error" and body["errorType"] == "Function.ResponseSizeTooLarge"


def test_timeout_kills_the_runtime_reports_sandbox_timedout_and_the_next_invoke_gets_a_new_runtime(
        make_shim, localstack):
    shim = make_shim(AWS_LAMBDA_FUNCTION_TIMEOUT="1")
    localstack.wait_for(READY)
    invoke(shim.port, "warm", {"echo": "warm"})
    old_pid = localstack.result("warm")[1]["pid"]

    started = time.monotonic()
    invoke(shim.port, "slow", {"sleep": 30})
    kind, body = localstack.result("slow")
    elapsed = time.monotonic() - started

    assert kind == "error"
    assert body == {"errorType": "Sandbox.Timedout",
                    "errorMessage": "RequestId: slow Error: Task timed out after 1.00 seconds"}
    assert 0.9 < elapsed < 3
    assert "slow Task timed out after 1.00 seconds\n" in localstack.logs("slow")
    deadline = time.monotonic() + 5
    while pid_alive(old_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not pid_alive(old_pid)

    invoke(shim.port, "after", {"echo": "again"})
    kind, body = localstack.result("after")
    assert kind == "response" and body["echo"] == "again" and body["pid"] != old_pid
    assert localstack.paths().count(READY) == 1  # the restart is not a new environment for LocalStack


def test_runtime_exit_during_an_invocation_fails_it_and_the_runtime_is_restarted(make_shim, localstack):
    shim = make_shim()
    localstack.wait_for(READY)
    invoke(shim.port, "x-1", {"exit": 7})
    assert localstack.result("x-1") == ("error", {
        "errorType": "Runtime.ExitError", "errorMessage": "RequestId: x-1 Error: Runtime exited with error: exit status 7"})

    invoke(shim.port, "x-2", {"echo": 2})
    assert localstack.result("x-2")[0] == "response"


def test_init_error_is_reported_as_status_error(make_shim, localstack):
    make_shim(FAKE_INIT="init-error")
    body = json.loads(localstack.wait_for(STATUS_ERROR))
    assert body == {"errorMessage": "Class not found: x.Y", "errorType": "java.lang.ClassNotFoundException"}
    time.sleep(0.3)
    assert READY not in localstack.paths()
    assert localstack.paths().count(STATUS_ERROR) == 1  # not again when the runtime then exits


def test_runtime_exiting_before_ready_is_reported_as_status_error(make_shim, localstack):
    make_shim(FAKE_INIT="exit")
    assert json.loads(localstack.wait_for(STATUS_ERROR)) == {
        "errorType": "Runtime.ExitError", "errorMessage": "Error: Runtime exited with error: exit status 3"}


def test_missing_runtime_binary_is_reported_as_status_error(make_shim, localstack):
    make_shim(command=["/nonexistent/java"])
    assert json.loads(localstack.wait_for(STATUS_ERROR))["errorType"] == "Runtime.InvalidEntrypoint"


def test_invocation_waits_for_a_slow_init(make_shim, localstack):
    shim = make_shim(FAKE_INIT="sleep:0.5")
    invoke(shim.port, "early", {"echo": "early"})
    assert localstack.result("early")[0] == "response"


def test_unknown_request_id_is_rejected(make_shim, localstack):
    shim = make_shim()
    localstack.wait_for(READY)
    request = urllib.request.Request(
        f"http://127.0.0.1:{shim.port}/2018-06-01/runtime/invocation/nope/response", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(request, timeout=5)
    assert e.value.code == 400


# the shim as LocalStack starts it: its own process, `--watch-stdin` ------------------------------------------
def start_shim_process(localstack):
    env = dict(base_env(localstack), PYTHONPATH=str(SRC))
    proc = subprocess.Popen([sys.executable, "-m", "dubwatch_process_executor.shim", "--watch-stdin", "--", *FAKE_RUNTIME],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    port = json.loads(proc.stdout.readline())["port"]
    localstack.wait_for(READY)
    invoke(port, "pid", {"echo": 0})
    return proc, localstack.result("pid")[1]["pid"]


def wait_gone(pid, timeout=5.0):
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not pid_alive(pid)


@pytest.mark.parametrize("how", ["stdin closed", "SIGTERM", "SIGKILL"])
def test_nothing_outlives_the_shim(localstack, how):
    proc, runtime_pid = start_shim_process(localstack)
    assert pid_alive(runtime_pid)
    if how == "stdin closed":  # LocalStack is gone
        proc.stdin.close()
    else:
        proc.send_signal(signal.SIGTERM if how == "SIGTERM" else signal.SIGKILL)
    proc.wait(5)
    assert wait_gone(runtime_pid), f"runtime {runtime_pid} survived ({how})"
    for pipe in (proc.stdin, proc.stdout):
        if not pipe.closed:
            pipe.close()
