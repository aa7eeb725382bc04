#!/usr/bin/env python3
"""Measures the cold start of one function binary outside AWS.

Plays the Lambda Runtime API on loopback, starts the binary with
AWS_LAMBDA_RUNTIME_API pointing at it, and times:
  ready  = process start -> its first `GET /runtime/invocation/next`
           (configuration read, AWS clients built, first database connection opened)
  first  = process start -> the response to the first event is posted
Repeats the run and prints the median and worst of each, in milliseconds.
"""
import argparse
import json
import os
import statistics
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Runtime:
    def __init__(self, event):
        self.event = event
        self.ready = None
        self.answered = None
        self.response = None
        self.served = False
        self.done = threading.Event()


def handler_for(runtime):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if not self.path.endswith("/runtime/invocation/next"):
                self.send_error(404)
                return
            if runtime.served:
                runtime.done.wait(30)
                self.send_error(410)
                return
            runtime.ready = time.perf_counter()
            runtime.served = True
            body = json.dumps(runtime.event).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Lambda-Runtime-Aws-Request-Id", "bench-request-1")
            self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000))
            self.send_header("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:bench")
            self.send_header("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            payload = self.rfile.read(length)
            if "/response" in self.path or "/error" in self.path:
                runtime.answered = time.perf_counter()
                runtime.response = (self.path, payload.decode(errors="replace"))
                runtime.done.set()
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--event", required=True, help="JSON file of the first event")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with open(args.event) as f:
        event = json.load(f)
    env = dict(os.environ)
    env.update({
        "AWS_LAMBDA_FUNCTION_NAME": os.path.basename(args.binary),
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_STREAM_NAME": "bench",
        "AWS_LAMBDA_LOG_GROUP_NAME": "bench",
        "LOG_FORMAT": "json",
        "RUST_LOG": "warn",
    })
    ready, first = [], []
    for _ in range(args.runs):
        # A Runtime API of its own for each run: a process that has answered
        # polls again at once, and must not take the next run's event.
        runtime = Runtime(event)
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(runtime))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        env["AWS_LAMBDA_RUNTIME_API"] = f"127.0.0.1:{server.server_address[1]}"
        start = time.perf_counter()
        process = subprocess.Popen([args.binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not runtime.done.wait(30):
            process.kill()
            raise SystemExit(f"no answer from {args.binary}: {process.stderr.read().decode()[-2000:]}")
        process.kill()
        process.wait()
        server.shutdown()
        server.server_close()
        path, payload = runtime.response
        if "/error" in path:
            raise SystemExit(f"the function reported an error: {payload}")
        status = json.loads(payload).get("statusCode")
        if status != 200:
            raise SystemExit(f"unexpected status {status}: {payload[:500]}")
        ready.append((runtime.ready - start) * 1000)
        first.append((runtime.answered - start) * 1000)
    name = os.path.basename(args.binary)
    print(f"cold start of {name} over {args.runs} runs: "
          f"ready median {statistics.median(ready):.1f} ms (max {max(ready):.1f}), "
          f"first response median {statistics.median(first):.1f} ms (max {max(first):.1f})")


if __name__ == "__main__":
    main()
