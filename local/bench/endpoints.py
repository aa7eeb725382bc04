#!/usr/bin/env python3
"""Loads each endpoint with wrk and PostgreSQL alone with the endpoint's own
statements under pgbench, in the same run, and reports them side by side.

For every endpoint: one request is made with statement logging on, which
yields the exact statements it runs (with their parameters); those become a
pgbench script run with prepared statements at the same concurrency. Then wrk
loads the endpoint while the app's and PostgreSQL's CPU time is sampled from
/proc. The report shows req/s, p50/p90/p99, CPU per request, the app's RSS,
and our req/s as a share of what PostgreSQL alone does with the same statements.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

TICK = os.sysconf("SC_CLK_TCK")
ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[(\d+)\] (\w+):  (.*)$")


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total


def postgres_pids(postmaster):
    pids = [postmaster]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == postmaster:
                    pids.append(int(entry))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    return pids


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def log_entries(text):
    """(kind, message, detail) for each entry of a PostgreSQL log excerpt."""
    entries = []
    for line in text.splitlines():
        match = ENTRY.match(line)
        if match:
            entries.append([match.group(2), match.group(3), None])
        elif entries:
            entries[-1][1] += "\n" + line
    out = []
    for kind, message, _ in entries:
        if kind == "DETAIL" and out:
            out[-1][2] = message
        else:
            out.append([kind, message, None])
    return out


def statements(text):
    """The statements a request ran, parameters inlined, one pgbench line each."""
    script = []
    for kind, message, detail in log_entries(text):
        if kind != "LOG":
            continue
        match = re.match(r"duration: [\d.]+ ms  (execute [^:]*|statement): (.*)$", message, re.S)
        if not match:
            continue
        sql = match.group(2)
        values = {}
        if detail and detail.startswith("parameters: "):
            for number, value in re.findall(r"\$(\d+) = (NULL|'(?:[^']|'')*')", detail):
                values[number] = value
        sql = re.sub(r"\$(\d+)\b", lambda m: values.get(m.group(1), m.group(0)), sql)
        script.append(" ".join(sql.split()) + ";")
    return script


def fresh_values(line):
    """A statement of a rolled-back repetition: COMMIT becomes ROLLBACK, and a
    plain insert gets a fresh random hash where the logged one had a token's."""
    if line == "COMMIT;":
        return "ROLLBACK;"
    if line.startswith("insert into") and "on conflict" not in line:
        return re.sub(r"'\\x[0-9a-f]{64}'", "sha256(random()::text::bytea)", line)
    return line


def call(base, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wrk(url, connections, seconds, lua, env):
    threads = connections if "refresh" in lua else 2
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", lua, url]
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    def ms(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50"), "p90": ms("90"), "p99": ms("99"),
        "requests": requests, "non2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def pgbench(database_url, script_path, connections, seconds):
    command = ["pgbench", "-n", "-M", "prepared", "-c", str(connections), "-j", "2",
               "-T", str(seconds), "-f", script_path, database_url]
    result = subprocess.run(command, capture_output=True, text=True)
    match = re.search(r"tps = ([\d.]+)", result.stdout)
    if not match:
        return None, result.stderr.strip().splitlines()[-1:] or result.stdout[-300:]
    return float(match.group(1)), None


def profile(args, server_pid, name, connections, path, script, env):
    """A second load of the endpoint with perf sampling the server: its five
    hottest symbols and their share of the samples. Kept apart from the measured
    run, which perf would slow down."""
    data = os.path.join(args.out, re.sub(r"\W+", "_", name) + f".{connections}.perf.data")
    recorder = subprocess.Popen(
        ["perf", "record", "-q", "-F", "999", "-p", str(server_pid), "-o", data,
         "--", "sleep", str(args.seconds)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wrk(args.base + path, connections, args.seconds, script, env)
    recorder.wait()
    report = subprocess.run(
        ["perf", "report", "-i", data, "--stdio", "--no-children", "--sort", "symbol",
         "--percent-limit", "0.1"], capture_output=True, text=True).stdout
    frames = []
    for line in report.splitlines():
        match = re.match(r"^\s+([\d.]+)%\s+\[[.k]\]\s+(.+?)\s*$", line)
        if match:
            # perf pads the symbol column and may add empty ones after it.
            frames.append((float(match.group(1)), re.split(r"\s{2,}", match.group(2))[0]))
    return frames[:5]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--admin-url", required=True, help="to switch statement logging")
    parser.add_argument("--database", required=True)
    parser.add_argument("--pg-log", required=True)
    parser.add_argument("--postmaster-pid", type=int, required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--restart", required=True, help="command that restarts the server, printing its pid")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("--perf", action="store_true",
                        help="after each measured run, a profiled one: the server's top five frames")
    args = parser.parse_args()
    env = dict(os.environ)
    token, family, child, visit = env["TOKEN"], env["FAMILY"], env["CHILD"], env["VISIT"]
    other_child = env["OTHER_CHILD"]
    refresh_tokens = env["REFRESH_TOKENS"].split()
    os.makedirs(args.out, exist_ok=True)

    def lua(name, method="GET", body=None, auth=True):
        path = os.path.join(args.out, f"{name}.lua")
        lines = [f'wrk.method = "{method}"', 'wrk.headers["Content-Type"] = "application/json"']
        if auth:
            lines.append(f'wrk.headers["Authorization"] = "Bearer {token}"')
        if body is not None:
            lines.append(f"wrk.body = [[{json.dumps(body)}]]")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    refresh_lua = os.path.join(args.out, "refresh.lua")
    with open(refresh_lua, "w") as f:
        f.write("""-- One connection per thread, each with its own session: every answer's
-- token is the next request's.
local tokens, counter = {}, 0
for t in string.gmatch(os.getenv("REFRESH_TOKENS"), "%S+") do table.insert(tokens, t) end
function setup(thread)
  counter = counter + 1
  thread:set("token", tokens[counter])
end
function request()
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"},
    '{"refresh_token":"' .. token .. '"}')
end
function response(status, headers, body)
  local next_token = string.match(body, '"refresh_token":"([^"]+)"')
  if next_token then token = next_token end
end
""")

    endpoints = [
        ("list 20 children", f"/api/children?family_id={family}&limit=20", lua("children")),
        ("100 of 200 measurements", f"/api/children/{child}/measurements?limit=100", lua("measurements")),
        ("one visit", f"/api/visits/{visit}", lua("visit")),
        ("POST a measurement", f"/api/children/{other_child}/measurements",
         lua("post_measurement", "POST", {"measured_on": "2024-06-01", "weight_kg": 16.2, "height_cm": 101.5})),
        ("login", "/api/auth/login",
         lua("login", "POST", {"login": "bench", "password": "Bench-Password-1"}, auth=False)),
        ("refresh", "/api/auth/refresh", refresh_lua),
        ("export start", "/api/export", lua("export", "POST", {"family_id": family})),
    ]
    if args.only:
        endpoints = [e for e in endpoints if e[0] in args.only.split(",")]

    # 1. Each endpoint's own statements, from one logged request each.
    def psql(sql):
        subprocess.run(["psql", "-w", "-X", "-q", args.admin_url, "-c", sql], check=True)

    psql(f"alter database {args.database} set log_min_duration_statement = 0")
    server_pid = int(subprocess.run(args.restart, shell=True, capture_output=True, text=True,
                                    check=True).stdout.split()[-1])
    scripts = {}
    spare = refresh_tokens.pop()
    for name, path, _ in endpoints:
        method = "GET"
        body = None
        auth = token
        if name == "POST a measurement":
            method, body = "POST", {"measured_on": "2024-06-02", "weight_kg": 16.3, "height_cm": 101.6}
        elif name == "login":
            method, body, auth = "POST", {"login": "bench", "password": "Bench-Password-1"}, None
        elif name == "refresh":
            method, body, auth = "POST", {"refresh_token": spare}, None
        elif name == "export start":
            method, body = "POST", {"family_id": family}
        _, answer = call(args.base, method, path, body, auth)  # warm: prepares the statements
        if name == "refresh":
            body = {"refresh_token": json.loads(answer)["data"]["refresh_token"]}
        time.sleep(0.3)
        start = os.path.getsize(args.pg_log)
        call(args.base, method, path, body, auth)
        time.sleep(0.5)
        with open(args.pg_log, errors="replace") as f:
            f.seek(start)
            excerpt = f.read()
        # Only the server's own backends: statements of this bench's psql are not in the excerpt.
        script = statements(excerpt)
        script_path = os.path.join(args.out, re.sub(r"\W+", "_", name) + ".sql")
        with open(script_path, "w") as f:
            f.write("\n".join(script) + "\n")
        scripts[name] = (script_path, len(script))
    psql(f"alter database {args.database} reset log_min_duration_statement")
    server_pid = int(subprocess.run(args.restart, shell=True, capture_output=True, text=True,
                                    check=True).stdout.split()[-1])

    # Each refresh run starts from sessions no earlier run has rotated: a token
    # used again after its rotation is refused (and its session ended) by design.
    unused_sessions = list(refresh_tokens)

    def with_sessions(env, name, connections):
        if name != "refresh":
            return env
        if len(unused_sessions) < connections:
            sys.exit("not enough sessions seeded for the refresh runs")
        taken = [unused_sessions.pop() for _ in range(connections)]
        return {**env, "REFRESH_TOKENS": " ".join(taken)}

    # 2. Load: wrk on the endpoint, then pgbench on its statements.
    results = []
    for connections in [int(c) for c in args.connections.split(",")]:
        for name, path, script in endpoints:
            pg = postgres_pids(args.postmaster_pid)
            app_before, pg_before = cpu_ticks([server_pid]), cpu_ticks(pg)
            started = time.monotonic()
            run_env = with_sessions(env, name, connections)
            measured = wrk(args.base + path, connections, args.seconds, script, run_env)
            elapsed = time.monotonic() - started
            app_cpu = (cpu_ticks([server_pid]) - app_before) / TICK
            pg_cpu = (cpu_ticks(postgres_pids(args.postmaster_pid)) - pg_before) / TICK
            rss = rss_kib(server_pid)
            script_path, count = scripts[name]
            tps, problem = pgbench(args.database_url, script_path, connections, args.seconds)
            if tps is None:
                # A write of unique values (a token, a session) fails when repeated:
                # the same statements with fresh values, each transaction rolled back.
                rolled_back = script_path.replace(".sql", ".rollback.sql")
                with open(script_path) as f, open(rolled_back, "w") as out:
                    lines = f.read().splitlines()
                    if not any(l in ("BEGIN;", "START TRANSACTION;") for l in lines):
                        lines = ["BEGIN;"] + lines + ["COMMIT;"]
                    out.write("\n".join(fresh_values(l) for l in lines) + "\n")
                tps, problem = pgbench(args.database_url, rolled_back, connections, args.seconds)
                problem = problem or "rolled back"
            # Again after pgbench's run: what the server keeps once its queue drained.
            rss_settled = rss_kib(server_pid)
            frames = None
            if args.perf:
                run_env = with_sessions(env, name, connections)
                frames = profile(args, server_pid, name, connections, path, script, run_env)
            requests = max(measured["requests"], 1)
            results.append({
                "endpoint": name, "connections": connections, **measured,
                "app_cores": app_cpu / elapsed, "pg_cores": pg_cpu / elapsed,
                "app_ms_per_request": app_cpu * 1000 / requests,
                "pg_ms_per_request": pg_cpu * 1000 / requests,
                "rss_mib": rss / 1024, "rss_settled_mib": rss_settled / 1024, "statements": count,
                "pgbench_tps": tps, "pgbench_problem": problem,
                "share_of_pgbench": (measured["rps"] / tps) if tps else None,
                "top_frames": frames,
            })
            print(json.dumps(results[-1]), flush=True)

    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    print()
    print("| endpoint | conns | req/s | p50 ms | p90 ms | p99 ms | non-2xx | app CPU ms/req | PG CPU ms/req "
          "| app cores | PG cores | RSS MiB at the end / settled | statements | pgbench tps | share of pgbench |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        share = f"{r['share_of_pgbench'] * 100:.0f} %" if r["share_of_pgbench"] else "—"
        tps = f"{r['pgbench_tps']:.0f}" if r["pgbench_tps"] else f"— ({r['pgbench_problem']})"
        if r["pgbench_tps"] and r["pgbench_problem"]:
            tps += f" ({r['pgbench_problem']})"
        print(f"| {r['endpoint']} | {r['connections']} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p90']:.2f} "
              f"| {r['p99']:.2f} | {r['non2xx']} | {r['app_ms_per_request']:.3f} | {r['pg_ms_per_request']:.3f} "
              f"| {r['app_cores']:.2f} | {r['pg_cores']:.2f} | {r['rss_mib']:.1f} / {r['rss_settled_mib']:.1f} "
              f"| {r['statements']} | {tps} | {share} |")
    profiled = [r for r in results if r["top_frames"]]
    if profiled:
        print()
        print("Top five frames of the server (perf, share of its samples):")
        print()
        for r in profiled:
            frames = ", ".join(f"{symbol} {share:.1f} %" for share, symbol in r["top_frames"])
            print(f"- {r['endpoint']} at {r['connections']}: {frames}")


if __name__ == "__main__":
    main()
