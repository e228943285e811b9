#!/usr/bin/python3
"""Issue 19's small-box profile. The daemon is held to one core at half speed, as a Celeron or a
Raspberry Pi centre box would serve: `taskset -c 0` plus a 50% CPU quota over 10 ms periods in a
cgroup (v2 `cpu.max`, or v1 `cpu.cfs_quota_us`, whichever the machine has; `systemd-run` needs
systemd as PID 1). The load runs on the other core. On 20,000 learners and ten years of
check-ins (2,000,000), a busy morning: two kiosks each checking in at ten times a class arriving
(40 people in two minutes: 3.3 a second), each check-in as the kiosk does it (the card read,
today's classes, the check-in); three manager pages refreshing every 5 s (the learner list,
today's sessions, the day's overview); the dashboard opened every 10 s (so always after check-ins).
Every request has its planned start (open loop) and its latency counts from then. Prints a
Markdown section with p50/p99/p99.9 of each kind.

    python3 scripts/bench_smallbox.py --bin .build/release [--seconds 300] [--learners 20000]
"""
import argparse, asyncio, json, os, random, sqlite3, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Daemon, run  # noqa: E402
from bench_lane import read_answer  # noqa: E402
import bench_hours  # noqa: E402


class CpuLimit:
    """A cgroup holding the daemon to `quota` of one CPU over `period_us`; removed on close."""

    def __init__(self, name="lc-smallbox", quota=0.5, period_us=10_000):
        quota_us = int(period_us * quota)
        if os.path.exists("/sys/fs/cgroup/cgroup.controllers") and "cpu" in open("/sys/fs/cgroup/cgroup.controllers").read().split():
            self.path, self.procs = f"/sys/fs/cgroup/{name}", "cgroup.procs"
            with open("/sys/fs/cgroup/cgroup.subtree_control", "w") as f:
                f.write("+cpu")
            os.makedirs(self.path, exist_ok=True)
            with open(os.path.join(self.path, "cpu.max"), "w") as f:
                f.write(f"{quota_us} {period_us}")
            self.kind = "cgroup v2 cpu.max"
        elif os.path.isdir("/sys/fs/cgroup/cpu"):
            self.path, self.procs = f"/sys/fs/cgroup/cpu/{name}", "cgroup.procs"
            os.makedirs(self.path, exist_ok=True)
            with open(os.path.join(self.path, "cpu.cfs_period_us"), "w") as f:
                f.write(str(period_us))
            with open(os.path.join(self.path, "cpu.cfs_quota_us"), "w") as f:
                f.write(str(quota_us))
            self.kind = "cgroup v1 cpu.cfs_quota_us"
        else:
            raise SystemExit("Không tìm thấy bộ điều khiển cpu của cgroup (v1 hoặc v2): không giả lập được máy nhỏ.")
        self.root = os.path.dirname(self.path)

    def add(self, pid):
        with open(os.path.join(self.path, self.procs), "w") as f:
            f.write(str(pid))

    def throttled(self):
        stat = dict(line.split() for line in open(os.path.join(self.path, "cpu.stat")))
        return int(stat.get("nr_throttled", 0)), int(stat.get("nr_periods", 0))

    def close(self):
        for pid in open(os.path.join(self.path, self.procs)).read().split():
            try:
                with open(os.path.join(self.root, self.procs), "w") as f:
                    f.write(pid)
            except OSError:
                pass
        os.rmdir(self.path)


async def send(reader, writer, method, path, headers, body=None):
    data = b"" if body is None else json.dumps(body).encode()
    head = f"{method} {path} HTTP/1.1\r\nHost: bench\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    if body is not None:
        head += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
    writer.write(head.encode() + b"\r\n" + data)
    await writer.drain()
    return await read_answer(reader)


async def actor(port, plan, steps, times, errors):
    """One keep-alive connection doing `steps(i)` (a list of requests) at each planned moment."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for i, planned in enumerate(plan):
            delay = planned - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            started = planned
            for kind, method, path, headers, body in steps(i):
                status, _ = await send(reader, writer, method, path, headers, body)
                now = time.monotonic()
                times.setdefault(kind, []).append((now - started) * 1000)
                started = now
                if status >= 400 and status != 409:
                    errors.append((kind, status))
    finally:
        writer.close()


async def morning(port, cookie, learners, seconds, rate_per_kiosk):
    times, errors = {}, []
    start = time.monotonic() + 1
    staff = {"Cookie": cookie}
    rng = random.Random(19)
    year = time.localtime().tm_year

    def kiosk_steps(i):
        learner_id, card = rng.choice(learners)
        return [("kiosk card", "GET", f"/api/kiosk/card?code={card}", {}, None),
                ("kiosk today", "GET", "/api/kiosk/today", {}, None),
                ("check-in", "POST", "/api/kiosk/check-ins", {}, {"learnerId": learner_id, "purpose": rng.choice(["reading", "club", "selfStudy"])})]

    pages = [("learner list", "/api/learners?limit=50"), ("today's sessions", "/api/sessions"), ("day overview", "/api/today")]
    tasks = []
    for k in range(2):
        gap = 1 / rate_per_kiosk
        plan = [start + k * gap / 2 + i * gap for i in range(int(seconds * rate_per_kiosk))]
        tasks.append(actor(port, plan, kiosk_steps, times, errors))
    for k, (kind, path) in enumerate(pages):
        plan = [start + k + i * 5 for i in range(int(seconds / 5))]
        tasks.append(actor(port, plan, lambda i, kind=kind, path=path: [(kind, "GET", path, staff, None)], times, errors))
    plan = [start + 3 + i * 10 for i in range(int(seconds / 10))]
    tasks.append(actor(port, plan, lambda i: [("dashboard", "GET", f"/api/reports/dashboard?year={year}", staff, None)], times, errors))
    await asyncio.gather(*tasks)
    return times, errors


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release")
    ap.add_argument("--learners", type=int, default=20000)
    ap.add_argument("--seconds", type=int, default=300)
    ap.add_argument("--rate", type=float, default=40 / 120 * 10, help="check-ins a second at each of the two kiosks")
    args = ap.parse_args()
    if os.cpu_count() < 2:
        raise SystemExit("Cần ít nhất 2 lõi: một cho máy chủ, một cho tải.")
    binary = os.path.abspath(os.path.join(args.bin, "learning-centre"))
    work = tempfile.mkdtemp(prefix="lc-smallbox-")
    data = os.path.join(work, "data")
    run([binary, "demo", "--data", data, "--learners", str(args.learners)])
    subprocess.run([binary, "user", "add", "bench", "--role", "manager", "--password-stdin", "--data", data],
                   input="bench-password\n", text=True, check=True, capture_output=True)
    db_path = os.path.join(data, "centre.sqlite")
    bench_hours.fill_history(db_path)
    learners = [(row[0], row[1]) for row in sqlite3.connect(db_path).execute("SELECT id, card_code FROM learners WHERE archived = 0")]

    limit = CpuLimit()
    os.sched_setaffinity(0, {0})  # the daemon inherits core 0 (as `taskset -c 0` would give it)...
    d = Daemon(binary, data, os.path.abspath("www"))
    os.sched_setaffinity(0, {1})  # ...and the load runs on core 1
    try:
        limit.add(d.proc.pid)  # every thread of the process
        time.sleep(2)
        cookie, _ = d.login("bench", "bench-password")
        throttled_before = limit.throttled()
        times, errors = asyncio.run(morning(d.port, cookie, learners, args.seconds, args.rate))
        throttled_after = limit.throttled()
    finally:
        d.stop()
        limit.close()

    command = f"python3 scripts/bench_smallbox.py --bin {args.bin} --seconds {args.seconds}"
    periods = throttled_after[1] - throttled_before[1]
    throttled = throttled_after[0] - throttled_before[0]
    lines = [
        "## The small box (issue 19)",
        "",
        f"Command: `{command}` (as root: the cgroup). The daemon on core 0 with a 50% CPU quota over 10 ms periods "
        f"({limit.kind}; throttled in {throttled:,} of {periods:,} periods), the load on core 1; {args.learners:,} learners and "
        f"ten years of check-ins (2,000,000); a busy morning of {args.seconds} s: two kiosks at {args.rate:.1f} check-ins a second "
        "each (card, today, check-in), three manager pages every 5 s, the dashboard every 10 s. Latency from each request's "
        "planned start (open loop).",
        "",
        "| request | n | p50 ms | p99 ms | p99.9 ms | max ms | target |",
        "|---|---|---|---|---|---|---|",
    ]
    # The first dashboard scores the year from cold (once a day, or after a change other than
    # check-ins); every later one follows check-ins, which is what the target is about.
    dashboards = times.pop("dashboard", [])
    times["dashboard, the first (the year scored)"], times["dashboard after check-ins"] = dashboards[:1], dashboards[1:]
    targets = {"check-in": ("p99 ≤ 50 ms", lambda v: pct(v, 99) <= 50), "dashboard after check-ins": ("≤ 1 s (p99)", lambda v: pct(v, 99) <= 1000)}
    for kind in ["kiosk card", "kiosk today", "check-in", "learner list", "today's sessions", "day overview",
                 "dashboard, the first (the year scored)", "dashboard after check-ins"]:
        v = times.get(kind, [])
        if not v:
            continue
        target = targets.get(kind)
        verdict = f"{target[0]}: {'yes' if target[1](v) else '**no**'}" if target else ""
        lines.append(f"| {kind} | {len(v)} | {pct(v, 50):.1f} | {pct(v, 99):.1f} | {pct(v, 99.9):.1f} | {max(v):.1f} | {verdict} |")
    lines.append("")
    lines.append(f"Errors: {len(errors)}" + (f" ({errors[:5]})" if errors else ""))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
