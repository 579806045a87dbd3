"""Loopback stand-ins for what the measured functions call, served by the benchmark driver.

Camb.ai: GET {prefix}/dub/{task_id} (prefix "/apis" or "") with an x-api-key header answers
{"status":"PENDING","run_id":null}; without the header, 401.
Secrets Manager (JSON protocol, reached through AWS_ENDPOINT_URL): POST / with X-Amz-Target
secretsmanager.GetSecretValue or secretsmanager.DescribeSecret.
Run alone for a look: python3 stub.py [port]
"""

import json
import re
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:bench/key-AbCdEf"
SECRET_KEY = "test-key"
DUB_PATH = re.compile(r"^(/apis)?/dub/[A-Za-z0-9._-]+$")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the SDK and java.net.http expect
    disable_nagle_algorithm = True  # else Nagle + delayed ACK add ~40 ms to kept-alive calls

    def log_message(self, *args):  # quiet: the driver reports counts instead
        pass

    def _send(self, code, body, ctype="application/json"):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if not DUB_PATH.match(path):
            self.server.counts["GET other"] += 1
            return self._send(404, '{"detail":"not found"}')
        if not self.headers.get("x-api-key"):
            self.server.counts["GET dub (no key)"] += 1
            return self._send(401, '{"detail":"missing x-api-key"}')
        self.server.counts["GET dub"] += 1
        self._send(200, '{"status":"PENDING","run_id":null}')

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        target = self.headers.get("X-Amz-Target", "")
        self.server.counts[target or "POST other"] += 1
        name = request.get("SecretId", "bench/key")
        if target == "secretsmanager.GetSecretValue":
            body = {"ARN": SECRET_ARN, "Name": name, "SecretString": SECRET_KEY,
                    "VersionId": "v1", "VersionStages": ["AWSCURRENT"], "CreatedDate": 1.7e9}
        elif target == "secretsmanager.DescribeSecret":
            body = {"ARN": SECRET_ARN, "Name": name, "VersionIdsToStages": {"v1": ["AWSCURRENT"]}}
        else:
            error = {"__type": "UnknownOperationException", "message": target}
            return self._send(400, json.dumps(error), "application/x-amz-json-1.1")
        self._send(200, json.dumps(body), "application/x-amz-json-1.1")


def start(port=0):
    """Serves on 127.0.0.1:port (0 = any free port) in a daemon thread; returns the server."""
    server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    server.daemon_threads = True
    server.counts = Counter()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    srv = start(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(f"stub: http://127.0.0.1:{srv.server_address[1]} (Ctrl-C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        srv.shutdown()
