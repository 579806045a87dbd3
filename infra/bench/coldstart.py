"""Cold-start driver, run by infra/bench/coldstart (which installs the tools and passes their paths).

Each start: aws-lambda-rie serves the Runtime API on loopback and runs java21-bootstrap (the JVM
command line of Lambda's java21 runtime) for one function. The RIE launches the bootstrap on the
first invocation, so the first POST's round trip = JVM launch + init + first invocation, as a
client sees a cold start. Then K warm invocations, then VmRSS of the java process.
Rounds alternate bare (A) and function (B): A B A B ...
"""

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stub  # noqa: E402

INVOKE_PATH = "/2015-03-31/functions/function/invocations"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"aws-lambda-rie exited early ({proc.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.002)
    raise RuntimeError(f"aws-lambda-rie did not listen on 127.0.0.1:{port} in {timeout:.0f} s")


def invoke(port, payload):
    """One POST to the RIE; returns (wall ms, status, body)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{INVOKE_PATH}", data=payload, method="POST",
        headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    return (time.perf_counter() - start) * 1000.0, status, body.decode(errors="replace")


def children(pid):
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def java_pid(rie_pid):
    """The java process under the RIE (the bootstrap execs it)."""
    todo = children(rie_pid)
    while todo:
        pid = todo.pop(0)
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == "java":
                return pid
        except OSError:
            continue
        todo += children(pid)
    raise RuntimeError("no java process found under aws-lambda-rie")


def proc_status_kb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return None


def check_answer(status, body, expect):
    if status != 200:
        return f"HTTP {status}: {body[:300]}"
    try:
        answer = json.loads(body)
    except ValueError:
        return f"not JSON: {body[:300]}"
    if isinstance(answer, dict) and "errorType" in answer:
        return f"function error: {body[:300]}"
    if expect and expect not in body:
        return f"answer lacks {expect!r}: {body[:300]}"
    return None


def one_start(args, variant, task_root, handler, fn_env, payload, log_path, stub_srv):
    rie_port, api_port = free_port(), free_port()
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "en_US.UTF-8",
        "TZ": ":UTC",
        "LAMBDA_TASK_ROOT": str(task_root),
        "LAMBDA_RUNTIME_DIR": str(args.runtime_dir),
        "_HANDLER": handler,
        "AWS_EXECUTION_ENV": "AWS_Lambda_java21",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_LAMBDA_FUNCTION_NAME": f"bench-{variant}",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(args.memory),
        "AWS_LAMBDA_FUNCTION_TIMEOUT": str(args.timeout),
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/bench-{variant}",
        "AWS_LAMBDA_LOG_STREAM_NAME": "bench",
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_SESSION_TOKEN": "test",
    }
    env.update(fn_env)
    before = dict(stub_srv.counts)
    with open(log_path, "w") as log:
        rie = subprocess.Popen(
            [str(args.rie), "--log-level", "info",
             "--runtime-api-address", f"127.0.0.1:{api_port}",
             "--runtime-interface-emulator-address", f"127.0.0.1:{rie_port}",
             str(args.bootstrap), handler],
            cwd=task_root, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            wait_port(rie_port, rie)
            first_ms, status, body = invoke(rie_port, payload)
            problem = check_answer(status, body, args.expect)
            if problem:
                raise RuntimeError(f"{variant}: first invocation failed: {problem}")
            first_cpu_ms = cpu_ms(java_pid(rie.pid))
            warm = []
            for _ in range(args.warm):
                ms, status, body = invoke(rie_port, payload)
                problem = check_answer(status, body, args.expect)
                if problem:
                    raise RuntimeError(f"{variant}: warm invocation failed: {problem}")
                warm.append(ms)
            pid = java_pid(rie.pid)
            rss_kb, hwm_kb = proc_status_kb(pid, "VmRSS"), proc_status_kb(pid, "VmHWM")
        finally:
            # Ends only what this run started: the RIE's own process group (RIE, bootstrap, java).
            try:
                os.killpg(rie.pid, signal.SIGTERM)
                rie.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(rie.pid, signal.SIGKILL)
                rie.wait()
    text = Path(log_path).read_text(errors="replace")
    # The RIE inits lazily inside the first invoke, so its REPORT line says "Init Duration: 0.0x"
    # and counts the init in Duration; rapid's own lines split the two as Lambda's REPORT does.
    init = re.search(r"INIT REPORT\(durationMs: ([0-9.]+)\)", text)
    dur = re.search(r"INVOKE RTDONE\(.*?duration: ([0-9.]+)ms\)", text)
    calls = {k: v - before.get(k, 0) for k, v in stub_srv.counts.items() if v != before.get(k, 0)}
    return {
        "first_ms": first_ms,
        "rie_init_ms": float(init.group(1)) if init else None,
        "rie_first_ms": float(dur.group(1)) if dur else None,
        "first_cpu_ms": first_cpu_ms,
        "warm_median_ms": statistics.median(warm) if warm else None,
        "warm_max_ms": max(warm) if warm else None,
        "rss_mb": rss_kb / 1024, "hwm_mb": hwm_kb / 1024,
        "answer": body, "calls": calls,
    }


def cpu_ms(pid):
    """CPU time (user + system, all threads, exited ones included) the process has used so far."""
    if pid is None:
        return None
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return ticks * 1000.0 / os.sysconf("SC_CLK_TCK")


def fmt(value, digits=0):
    return "n/a" if value is None else f"{value:.{digits}f}"


def main():
    p = argparse.ArgumentParser()
    for name in ("rie", "runtime-dir", "bootstrap", "bare-dir", "function-dir", "out", "logs"):
        p.add_argument("--" + name, type=Path, required=True)
    p.add_argument("--bare-handler", required=True)
    p.add_argument("--handler", required=True)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--warm", type=int, default=20)
    p.add_argument("--memory", type=int, default=1024)
    p.add_argument("--timeout", type=int, default=30)
    p.add_argument("--event", type=Path)
    p.add_argument("--env", action="append", default=[])
    p.add_argument("--env-all", action="append", default=[])
    p.add_argument("--camb-prefix", default="/apis")
    p.add_argument("--expect", default="PENDING")
    p.add_argument("--describe", default="")
    args = p.parse_args()

    payload = args.event.read_bytes() if args.event else b'{"task_id":"bench-task-1"}'
    stub_srv = stub.start()
    stub_addr = f"127.0.0.1:{stub_srv.server_address[1]}"
    camb_base = f"http://{stub_addr}{args.camb_prefix}"
    bare_env = {"BARE_URL": f"{camb_base}/dub/bench-task-1"}
    fn_env = {
        "CAMB_API_KEY_SECRET_ID": "bench/key",
        "CAMB_API_BASE_URL": camb_base,
        "AWS_ENDPOINT_URL": f"http://{stub_addr}",
    }
    # --env: B only (the function's own settings); --env-all: A and B (runtime settings such as
    # the log format, which a bare function deployed the same way would get too).
    for items, targets in ((args.env, (fn_env,)), (args.env_all, (bare_env, fn_env))):
        for item in items:  # KEY=VAL; "{stub}" stands for the stub's host:port
            key, sep, value = item.partition("=")
            if not sep or not key:
                sys.exit(f"coldstart: --env wants KEY=VAL, got {item!r}")
            for target in targets:
                target[key] = value.replace("{stub}", stub_addr)
    args.logs.mkdir(parents=True, exist_ok=True)

    variants = {
        "A": ("bare", args.bare_dir, args.bare_handler, bare_env),
        "B": ("function", args.function_dir, args.handler, fn_env),
    }
    results = {"A": [], "B": []}
    for n in range(1, args.rounds + 1):
        for key, (label, root, handler, env) in variants.items():
            log = args.logs / f"round{n}-{key}-{label}.log"
            r = one_start(args, label, root, handler, env, payload, log, stub_srv)
            results[key].append(r)
            print(f"coldstart: round {n} {key} ({label}): first {r['first_ms']:.0f} ms, "
                  f"warm median {fmt(r['warm_median_ms'], 1)} ms, RSS {r['rss_mb']:.0f} MB",
                  file=sys.stderr, flush=True)

    a, b = results["A"], results["B"]
    ratios = [rb["first_ms"] / ra["first_ms"] for ra, rb in zip(a, b)]

    def paired(key):
        values = [rb[key] / ra[key] for ra, rb in zip(a, b) if ra[key] and rb[key]]
        return values, (statistics.median(values) if values else None)

    init_ratios, init_median = paired("rie_init_ms")
    cpu_ratios, cpu_median = paired("first_cpu_ms")

    def med(rs, k):
        values = [r[k] for r in rs if r[k] is not None]
        return statistics.median(values) if values else None

    lines = [
        "# Cold start, Lambda java21 runtime emulated locally",
        "",
        args.describe.strip(),
        "",
        f"A = bare handler `{args.bare_handler}` (one java.net.http GET to the stub); "
        f"B = `{args.handler}` from `{args.function_dir}`. "
        f"{args.rounds} rounds, A and B alternating; {args.warm} warm invocations per start; "
        f"memory {args.memory} MB. Event: `{payload.decode(errors='replace').strip()}`. "
        f"Settings of both: {', '.join(args.env_all) or 'none'}; of B only: "
        f"{', '.join(e for e in args.env if not e.startswith('JAVA_TOOL_OPTIONS')) or 'none'}.",
        "",
        "first = wall ms from the first POST to the RIE (which then launches the JVM) to its "
        "answer: JVM start + init + first invocation. RIE init + invoke = the emulator's "
        "INIT REPORT and first INVOKE RTDONE durations (Lambda's Init Duration and Duration). "
        "RSS = VmRSS of the java process after the warm invocations (HWM = peak). CPU = user + "
        "system time of the java process (all threads) when the first answer is in: steadier than "
        "wall time on a shared machine, and what a fractional-vCPU Lambda pays for.",
        "",
        "| round | A first ms | B first ms | B/A | A RIE init + invoke | B RIE init + invoke "
        "| A CPU ms | B CPU ms "
        "| A warm median ms | B warm median ms | A RSS (HWM) MB | B RSS (HWM) MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, (ra, rb, ratio) in enumerate(zip(a, b, ratios), 1):
        lines.append(
            f"| {n} | {ra['first_ms']:.0f} | {rb['first_ms']:.0f} | {ratio:.2f} "
            f"| {fmt(ra['rie_init_ms'])} + {fmt(ra['rie_first_ms'])} "
            f"| {fmt(rb['rie_init_ms'])} + {fmt(rb['rie_first_ms'])} "
            f"| {fmt(ra['first_cpu_ms'])} | {fmt(rb['first_cpu_ms'])} "
            f"| {fmt(ra['warm_median_ms'], 1)} | {fmt(rb['warm_median_ms'], 1)} "
            f"| {ra['rss_mb']:.0f} ({ra['hwm_mb']:.0f}) | {rb['rss_mb']:.0f} ({rb['hwm_mb']:.0f}) |")
    lines += [
        "",
        "| summary (medians) | A bare | B function |",
        "|---|---|---|",
        f"| first invocation, client ms | {fmt(med(a, 'first_ms'))} | {fmt(med(b, 'first_ms'))} |",
        f"| RIE init ms (Init Duration) | {fmt(med(a, 'rie_init_ms'))} | {fmt(med(b, 'rie_init_ms'))} |",
        f"| RIE first invoke ms (Duration) | {fmt(med(a, 'rie_first_ms'))} | {fmt(med(b, 'rie_first_ms'))} |",
        f"| CPU to the first answer ms | {fmt(med(a, 'first_cpu_ms'))} | {fmt(med(b, 'first_cpu_ms'))} |",
        f"| warm invocation ms | {fmt(med(a, 'warm_median_ms'), 1)} "
        f"| {fmt(med(b, 'warm_median_ms'), 1)} |",
        f"| RSS after warm-up MB | {fmt(med(a, 'rss_mb'))} | {fmt(med(b, 'rss_mb'))} |",
        f"| peak RSS (VmHWM) MB | {fmt(med(a, 'hwm_mb'))} | {fmt(med(b, 'hwm_mb'))} |",
        "",
        f"Paired ratio B/A of the first invocation, per round: "
        f"{', '.join(f'{r:.2f}' for r in ratios)}; median **{statistics.median(ratios):.2f}**.",
        "",
        f"Paired ratio B/A of the RIE init, per round: "
        f"{', '.join(f'{r:.2f}' for r in init_ratios)}; median **{fmt(init_median, 2)}**.",
        "",
        f"Paired ratio B/A of the CPU to the first answer, per round: "
        f"{', '.join(f'{r:.2f}' for r in cpu_ratios)}; median **{fmt(cpu_median, 2)}**.",
        "",
        f"Stub calls in B's last start: {json.dumps(b[-1]['calls'], sort_keys=True)}. "
        f"B's answer: `{b[-1]['answer'].strip()[:200]}`",
        "",
    ]
    report = "\n".join(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    print(report)
    stub_srv.shutdown()


if __name__ == "__main__":
    try:
        main()
    except RuntimeError as e:
        sys.exit(f"coldstart: {e}")
