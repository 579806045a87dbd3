"""How the java21 runtime is started, and that other runtimes are refused with a clear message."""

import types
import zipfile

import pytest
from dubwatch_process_executor import java21


def test_java21_is_accepted():
    java21.check_runtime("java21", "Zip")


@pytest.mark.parametrize("runtime", ["java17", "python3.12", "nodejs22.x", "provided.al2023"])
def test_other_runtimes_are_refused_with_a_clear_message(runtime):
    with pytest.raises(java21.UnsupportedRuntime) as e:
        java21.check_runtime(runtime, "Zip")
    assert f"runs only the java21 runtime, not '{runtime}'" in str(e.value)
    assert "Docker" in str(e.value)


def test_container_images_are_refused():
    with pytest.raises(java21.UnsupportedRuntime, match="not container images"):
        java21.check_runtime(None, "Image")


def test_executor_refuses_other_runtimes_when_the_function_is_created(monkeypatch, tmp_path):
    pytest.importorskip("localstack")
    from dubwatch_process_executor.executor import ProcessRuntimeExecutor
    from localstack.services.lambda_.invocation.runtime_executor import LambdaRuntimeException

    monkeypatch.setenv(java21.ENV_RIC_DIR, str(tmp_path))
    version = types.SimpleNamespace(
        config=types.SimpleNamespace(runtime="python3.12", package_type="Zip", code=None),
        qualified_arn="arn:aws:lambda:us-east-1:000000000000:function:py:$LATEST")
    with pytest.raises(LambdaRuntimeException, match="only the java21 runtime, not 'python3.12'"):
        ProcessRuntimeExecutor.prepare_version(version)


def test_max_heap_is_85_percent_of_the_memory_as_on_aws():
    assert java21.max_heap_kb(512) == 445645  # -XX:MaxHeapSize=445645k on AWS for 512 MB
    assert java21.max_heap_kb(128) == 111411


def fake_ric_dir(tmp_path):
    ric = tmp_path / "ric"
    ric.mkdir()
    with zipfile.ZipFile(ric / "aws-lambda-java-runtime-interface-client-2.10.1.jar", "w") as jar:
        for name in ("linux-x86_64", "linux-aarch_64", "linux_musl-x86_64", "linux_musl-aarch_64"):
            jar.writestr(f"jni/libaws-lambda-jni.{name}.so", b"\x7fELF" + name.encode())
    (ric / "aws-lambda-java-core-1.4.0.jar").write_bytes(b"")
    return ric


def test_jvm_command_is_the_java21_bootstrap_command(tmp_path):
    ric = fake_ric_dir(tmp_path)
    command = java21.jvm_command("/jdk/bin/java", ric, "dev.dubwatch.status.StatusCheckHandler::handleRequest", 512)

    jni = command[10].split("=", 1)[1]
    assert command == [
        "/jdk/bin/java", "-XX:MaxHeapSize=445645k", "-XX:+UseSerialGC", "-Xshare:auto",
        "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac", "-Djava.net.preferIPv4Stack=true",
        "-XX:+ErrorFileToStderr", f"-D{java21.JNI_PROPERTY}={jni}", "-classpath",
        f"{ric}/aws-lambda-java-core-1.4.0.jar:{ric}/aws-lambda-java-runtime-interface-client-2.10.1.jar",
        "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
        "dev.dubwatch.status.StatusCheckHandler::handleRequest",
    ]
    # the native client is unpacked once next to the jars
    assert jni.startswith(f"{ric}/jni/libaws-lambda-jni.") and open(jni, "rb").read().startswith(b"\x7fELF")


def test_missing_ric_jars_are_a_setup_error(tmp_path):
    with pytest.raises(java21.RuntimeSetupError, match="aws-lambda-java-runtime-interface-client"):
        java21.ric_jars(tmp_path)
    with pytest.raises(java21.RuntimeSetupError, match="LAMBDA_PROCESS_RIC_DIR is not set"):
        java21.ric_dir({})


def test_environment_is_localstacks_not_the_host_one(monkeypatch):
    monkeypatch.setenv("HOST_SECRET", "leak")
    env = java21.runtime_environment(
        {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": 512, "AWS_LAMBDA_FUNCTION_TIMEOUT": 30, "AWS_EXECUTION_ENV": "AWS_Lambda_rapid",
         "AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "CAMB_API_BASE_URL": "http://x"},
        task_root="/tmp/lambda/code", runtime_dir="/ric")
    assert "HOST_SECRET" not in env
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512" and env["AWS_LAMBDA_FUNCTION_TIMEOUT"] == "30"
    assert env["LAMBDA_TASK_ROOT"] == "/tmp/lambda/code"
    assert env["AWS_EXECUTION_ENV"] == "AWS_Lambda_java21"
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4566" and env["CAMB_API_BASE_URL"] == "http://x"


def test_find_java_prefers_the_explicit_setting():
    assert java21.find_java({java21.ENV_JAVA: "/opt/java/bin/java"}) == "/opt/java/bin/java"
