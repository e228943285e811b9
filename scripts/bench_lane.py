#!/usr/bin/python3
"""Issue 18's write lane, measured: kiosk check-ins at a fixed offered rate (open loop: every
request has its planned start time and its latency counts from then, so a slow answer cannot
hide the requests queued behind it), 32 connections, 20,000 learners, synchronous=FULL, over at
least 50,000 requests; the median of five runs; the largest commit batch the daemon saw; and
registration against the bare handler (closed loop, wrk), as in bench.py.

    python3 scripts/bench_lane.py --bin .build/release [--rate 800] [--requests 50000] [--runs 5]
"""
import argparse, asyncio, json, os, random, statistics, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Daemon, run, learner_ids, register, bare_commit  # noqa: E402


async def read_answer(reader):
    """One HTTP/1.1 answer from a keep-alive connection: (status, body)."""
    status = int((await reader.readline()).split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def one_connection(host, port, plan, bodies, latencies, errors):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for planned, body in zip(plan, bodies):
            delay = planned - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            data = body.encode()
            writer.write(b"POST /api/kiosk/check-ins HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                         + f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
            await writer.drain()
            status, _ = await read_answer(reader)
            latencies.append((time.monotonic() - planned) * 1000)
            if status >= 400 and status != 409:
                errors.append(status)
    finally:
        writer.close()


async def open_loop(url, rate, requests, connections, ids, session):
    host, port = url.split("//")[1].split(":")
    port = int(port)
    start = time.monotonic() + 0.5
    gap = 1.0 / rate
    latencies, errors = [], []
    tasks = []
    rng = random.Random(7)
    for c in range(connections):
        plan = [start + (i * connections + c) * gap for i in range(requests // connections)]
        bodies = []
        for _ in plan:
            learner = rng.choice(ids)
            if session and rng.random() < 0.6:
                bodies.append(json.dumps({"learnerId": learner, "sessionId": session}))
            else:
                bodies.append(json.dumps({"learnerId": learner, "purpose": rng.choice(["reading", "club", "selfStudy"])}))
        tasks.append(one_connection(host, port, plan, bodies, latencies, errors))
    began = time.monotonic()
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - began
    latencies.sort()
    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))]
    return {"n": len(latencies), "p50": pct(50), "p99": pct(99), "max": latencies[-1], "errors": len(errors),
            "achieved": len(latencies) / elapsed}


def demo(binary, data, learners):
    """A demo commune with a manager account `bench`."""
    run([binary, "demo", "--data", data, "--learners", str(learners)])
    subprocess.run([binary, "user", "add", "bench", "--role", "manager", "--password-stdin", "--data", data],
                   input="bench-password\n", text=True, check=True, capture_output=True)


def start(binary, data, www):
    """The daemon on `data`, signed in: (daemon, cookie, csrf, learner ids, today's open class or None)."""
    d = Daemon(binary, data, www)
    time.sleep(2)
    cookie, csrf = d.login("bench", "bench-password")
    ids = learner_ids(d, cookie)
    today = json.load(urllib.request.urlopen(d.url + "/api/kiosk/today"))
    return d, cookie, csrf, ids, (today["sessions"][0]["id"] if today["sessions"] else None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release")
    ap.add_argument("--learners", type=int, default=20000)
    ap.add_argument("--rate", type=float, default=800)
    ap.add_argument("--requests", type=int, default=50000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--connections", type=int, default=32)
    args = ap.parse_args()
    binary = os.path.abspath(os.path.join(args.bin, "learning-centre"))
    bare = os.path.abspath(os.path.join(args.bin, "lc-bare-commit"))
    www = os.path.abspath("www")
    work = tempfile.mkdtemp(prefix="lc-lane-")
    data = os.path.join(work, "data")
    demo(binary, data, args.learners)
    d, cookie, csrf, ids, session = start(binary, data, www)

    runs = []
    for k in range(args.runs):
        result = asyncio.run(open_loop(d.url, args.rate, args.requests, args.connections, ids, session))
        runs.append(result)
        print(f"run {k + 1}: {result}", file=sys.stderr)
    largest = d.get("/api/system/status", cookie).get("largestCommitBatch")

    lua_dir = os.path.join(work, "lua")
    os.makedirs(lua_dir)
    village = d.get("/api/villages?limit=1", cookie)["items"][0]["id"]
    register_result = register(d, lua_dir, cookie, csrf, village, 10)
    d.stop()
    bare_result = bare_commit(bare, work, lua_dir, 10)

    p99 = statistics.median(r["p99"] for r in runs)
    p50 = statistics.median(r["p50"] for r in runs)
    ratio = register_result["rps"] / bare_result["rps"] if bare_result["rps"] else 0
    command = f"python3 scripts/bench_lane.py --bin {args.bin} --rate {args.rate:g} --requests {args.requests} --runs {args.runs}"
    print(f"""## The write lane (issue 18)

Command: `{command}`; {args.learners:,} learners (demo), synchronous=FULL, {args.connections} connections, open loop at
{args.rate:g} check-ins a second (each request's latency counts from its planned start).

| measure | target | result |
|---|---|---|
| check-in p99 at {args.connections} clients, {args.rate:g}/s offered | ≤ 15 ms | **{p99:.2f} ms** median of {len(runs)} runs (runs: {", ".join(f"{r['p99']:.1f}" for r in runs)} ms; p50 {p50:.2f} ms; {min(r['n'] for r in runs):,}+ requests a run; achieved {statistics.median(r['achieved'] for r in runs):.0f}/s; {sum(r['errors'] for r in runs)} errors) |
| largest commit batch seen | (report) | **{largest}** writes in one commit |
| registration throughput | ≥ 50% of bare handler | **{ratio * 100:.0f}%** ({register_result['rps']:.0f} vs {bare_result['rps']:.0f} req/s, wrk, 16 connections, 10 s) |
""")


if __name__ == "__main__":
    main()
