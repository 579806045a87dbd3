"""A fake Lambda runtime: a Python client of the Runtime API ($AWS_LAMBDA_RUNTIME_API), driven by the payload.

Init (env FAKE_INIT): "ok" (default), "init-error" (POST /runtime/init/error, exit 1), "exit" (exit 3 before
asking for work), "sleep:S" (init takes S seconds).
Payload: {"echo": x} -> {"echo": x, "pid": ..., "env": {...}}; {"raise": type, "message": m} -> /error;
{"raw_error": text} -> /error with a non-JSON body; {"sleep": s}; {"exit": code}; {"print": text} (stdout and
stderr, then answers); {"write": text} (stdout, no newline); {"headers": true} -> the request's Lambda-Runtime-* headers; {"big": n} -> n bytes;
{"error_shaped": true} -> a successful response that looks like an error.
"""

import http.client
import json
import os
import sys
import time

host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].split(":")
conn = http.client.HTTPConnection(host, int(port))
BASE = "/2018-06-01/runtime"


def post(path, body, headers=None):
    conn.request("POST", BASE + path, body=body, headers=dict({"Content-Type": "application/json"}, **(headers or {})))
    response = conn.getresponse()
    response.read()
    return response.status


init = os.environ.get("FAKE_INIT", "ok")
print(f"fake runtime starting, handler={os.environ.get('_HANDLER')}", flush=True)
if init == "init-error":
    post("/init/error", json.dumps({"errorMessage": "Class not found: x.Y", "errorType": "java.lang.ClassNotFoundException"}),
         {"Lambda-Runtime-Function-Error-Type": "Runtime.Unknown"})
    sys.exit(1)
if init == "exit":
    sys.exit(3)
if init.startswith("sleep:"):
    time.sleep(float(init.split(":", 1)[1]))

while True:
    conn.request("GET", BASE + "/invocation/next")
    response = conn.getresponse()
    payload = response.read()
    if response.status != 200:
        sys.exit(0)
    request_id = response.getheader("Lambda-Runtime-Aws-Request-Id")
    event = json.loads(payload or b"{}")
    if "sleep" in event:
        time.sleep(event["sleep"])
    if "exit" in event:
        sys.stdout.flush()
        os._exit(event["exit"])
    if "write" in event:
        sys.stdout.write(event["write"])
        sys.stdout.flush()
    if "print" in event:
        print(event["print"], flush=True)
        print(event["print"] + " (stderr)", file=sys.stderr, flush=True)
    if "raise" in event:
        post(f"/invocation/{request_id}/error",
             json.dumps({"errorMessage": event.get("message", ""), "errorType": event["raise"],
                         "stackTrace": ["at Fake.handle(Fake.java:1)"]}),
             {"Lambda-Runtime-Function-Error-Type": "Runtime.Unknown"})
        continue
    if "raw_error" in event:
        post(f"/invocation/{request_id}/error", event["raw_error"], {"Lambda-Runtime-Function-Error-Type": "Custom.Type"})
        continue
    if "headers" in event:
        body = {k: v for k, v in response.getheaders() if k.lower().startswith("lambda-runtime-")}
    elif "big" in event:
        body = "x" * event["big"]
    elif "error_shaped" in event:
        body = {"errorType": "Looks.Like.Error", "errorMessage": "but returned"}
    else:
        body = {"echo": event.get("echo"), "pid": os.getpid(),
                "env": {k: os.environ.get(k) for k in ("AWS_LAMBDA_FUNCTION_NAME", "MY_VAR", "AWS_LAMBDA_RUNTIME_API")}}
    post(f"/invocation/{request_id}/response", json.dumps(body))
