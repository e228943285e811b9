#!/usr/bin/env python3
"""How cost grows (issue 19): each figure at 5,000, 20,000 and 80,000 learners (2,000,000
check-ins) and at 0.5, 2 and 8 million check-ins (20,000 learners), with the slope named.

Each database is the demo commune (`learning-centre demo --learners N`) with ten years of
classes and visits added to the wanted number of check-ins (`bench_hours.fill_history`). Each
figure is a median of repeated requests from one client (p99 beside it where a request is
quick), on the release build, the daemon alone on the machine. Prints a Markdown section.

    python3 scripts/bench_growth.py --bin .build/release [--quick]
"""
import argparse, http.client, json, os, random, shutil, sqlite3, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench, bench_export, bench_hours  # noqa: E402

QUERIES = bench.QUERIES


def timed_requests(port, cookie, requests):
    """Milliseconds of each (method, path, body) in turn on one keep-alive connection."""
    conn, times = http.client.HTTPConnection("127.0.0.1", port, timeout=120), []
    for method, path, body in requests:
        start = time.perf_counter()
        conn.request(method, path, body=json.dumps(body) if body is not None else None,
                     headers={"Cookie": cookie, "Content-Type": "application/json"})
        answer = conn.getresponse()
        answer.read()
        if answer.status >= 300:
            raise SystemExit(f"{method} {path}: {answer.status}")
        times.append((time.perf_counter() - start) * 1000)
    return times


def p(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))]


def measure(binary, www, data, work):
    db = os.path.join(data, "centre.sqlite")
    con = sqlite3.connect(db)
    check_ins = con.execute("SELECT count(*) FROM check_ins").fetchone()[0]
    learners = [r[0] for r in con.execute("SELECT id FROM learners WHERE archived = 0")]
    con.close()
    out = {"check_ins": check_ins, "learners": len(learners), "bytes_per_check_in": os.path.getsize(db) / check_ins}
    out["start_ms"] = bench.cold_start(binary, data, www, runs=3, clean=True)[0]
    d = bench.Daemon(binary, data, www)
    cookie, _ = d.login("bench", "bench-password")
    year = time.localtime().tm_year
    rnd = random.Random(19)
    sample = rnd.sample(learners, 200)
    search = timed_requests(d.port, cookie, [("GET", "/api/learners?limit=10&q=" + QUERIES[i % len(QUERIES)].replace(" ", "+"), None) for i in range(400)])
    out["search"] = (statistics.median(search), p(search, 99))
    start = time.perf_counter()
    timed_requests(d.port, cookie, [("GET", f"/api/scores?year={year}&limit=50", None)])
    out["all_scores_ms"] = (time.perf_counter() - start) * 1000  # the whole year scored, every title
    one = timed_requests(d.port, cookie, [("GET", f"/api/learners/{i}/score?year={year}", None) for i in sample[:100]])
    out["one_score"] = (statistics.median(one), p(one, 99))
    checkin = timed_requests(d.port, cookie, [("POST", "/api/kiosk/check-ins", {"learnerId": i, "purpose": "reading"}) for i in sample])
    out["check_in"] = (statistics.median(checkin), p(checkin, 99))
    dash = []
    for i in sample[:15]:
        timed_requests(d.port, cookie, [("POST", "/api/kiosk/check-outs", {"learnerId": i})])
        dash += timed_requests(d.port, cookie, [("GET", f"/api/reports/dashboard?year={year}", None)])
    out["dashboard_ms"] = statistics.median(dash)
    out["rss_mb"] = bench.rss_kib(d.proc.pid) / 1024
    d.stop()
    backup = os.path.join(work, "backup.sqlite")
    out["backup_s"], _ = bench_export.timed([binary, "backup", "--out", backup, "--data", data])
    os.remove(backup)
    outbox = os.path.join(work, "outbox")
    out["export_s"], out["export_mb"] = bench_export.timed(bench_export.export_cmd(binary, data, outbox, os.path.abspath("rulesets"), "--full"))
    shutil.rmtree(outbox, ignore_errors=True)
    return out


def slope(small, large, factor):
    """Constant, linear or worse, from the ratio of two figures whose size differs by `factor`."""
    if small <= 0:
        return "?"
    r = large / small
    if r < 1 + (factor - 1) * 0.25:
        return f"constant ({r:.1f}×)"
    if r <= factor * 1.5:
        return f"linear ({r:.1f}×)"
    return f"**worse ({r:.1f}×)**"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release")
    ap.add_argument("--quick", action="store_true", help="a tenth of each size, to try the script")
    args = ap.parse_args()
    binary = os.path.abspath(os.path.join(args.bin, "learning-centre"))
    www = os.path.abspath("www")
    scale = 0.1 if args.quick else 1
    sizes = [(5000, 2_000_000), (20000, 2_000_000), (80000, 2_000_000), (20000, 500_000), (20000, 8_000_000)]
    results = {}
    for learners, check_ins in sizes:
        learners, check_ins = int(learners * scale), int(check_ins * scale)
        work = tempfile.mkdtemp(prefix="lc-growth-")
        data = os.path.join(work, "data")
        print(f"… {learners:,} learners, {check_ins:,} check-ins", file=sys.stderr, flush=True)
        bench.run([binary, "demo", "--data", data, "--learners", str(learners)])
        subprocess.run([binary, "user", "add", "bench", "--role", "manager", "--password-stdin", "--data", data],
                       input="bench-password\n", text=True, check=True, capture_output=True)
        # Ten years, or fewer where ten years of classes alone would pass the wanted count.
        bench_hours.fill_history(os.path.join(data, "centre.sqlite"), total=check_ins, years=max(1, min(10, check_ins // 150_000)))
        results[(learners, check_ins)] = measure(binary, www, data, work)
        shutil.rmtree(work, ignore_errors=True)

    rows = [("search, p50 / p99 ms", lambda r: f"{r['search'][0]:.1f} / {r['search'][1]:.1f}", lambda r: r["search"][0]),
            ("check-in, p50 / p99 ms", lambda r: f"{r['check_in'][0]:.1f} / {r['check_in'][1]:.1f}", lambda r: r["check_in"][0]),
            ("one learner's score with evidence, p50 / p99 ms", lambda r: f"{r['one_score'][0]:.1f} / {r['one_score'][1]:.1f}", lambda r: r["one_score"][0]),
            ("all scores and titles (the year scored), ms", lambda r: f"{r['all_scores_ms']:,.0f}", lambda r: r["all_scores_ms"]),
            ("dashboard after a check-in, median ms", lambda r: f"{r['dashboard_ms']:,.0f}", lambda r: r["dashboard_ms"]),
            ("full export, s / peak MB", lambda r: f"{r['export_s']:.1f} / {r['export_mb']:.0f}", lambda r: r["export_s"]),
            ("backup, s", lambda r: f"{r['backup_s']:.1f}", lambda r: r["backup_s"]),
            ("start to READY after a clean stop, ms", lambda r: f"{r['start_ms']:,.0f}", lambda r: r["start_ms"]),
            ("database bytes per check-in", lambda r: f"{r['bytes_per_check_in']:.0f}", lambda r: r["bytes_per_check_in"] * r["check_ins"]),
            ("resident memory after, MB", lambda r: f"{r['rss_mb']:.0f}", lambda r: r["rss_mb"])]
    keys = list(results)
    by_learners, by_check_ins = keys[:3], [keys[3], keys[1], keys[4]]
    head = "| figure | " + " | ".join(f"{l:,} learners" for l, _ in by_learners) + " | slope (×4 learners) | " + \
        " | ".join(f"{c / 1e6:g} M check-ins" for _, c in by_check_ins) + " | slope (×4 check-ins) |"
    lines = ["## How cost grows (issue 19)", "",
             f"Command: `python3 scripts/bench_growth.py --bin .build/release{' --quick' if args.quick else ''}`, {time.strftime('%Y-%m-%d')}. "
             "Learners at 2,000,000 check-ins; check-ins at 20,000 learners (ten years of classes and visits; three years for 0.5 M, "
             "where ten years of classes alone would pass it). One client, keep-alive; "
             "400 searches, 200 check-ins, 100 scores, 15 dashboards each after a check-out; the year scored once from cold; "
             "export and backup by the command line with the daemon stopped. The slope compares the two larger sizes (×4): constant "
             "below 1.75×, linear up to 6×, worse beyond. Bytes per check-in: the slope is of the whole file.", "",
             head, "|" + "---|" * (2 + len(by_learners) + len(by_check_ins))]
    for name, show, value in rows:
        cells = [show(results[k]) for k in by_learners] + [slope(value(results[by_learners[1]]), value(results[by_learners[2]]), 4)]
        cells += [show(results[k]) for k in by_check_ins] + [slope(value(results[by_check_ins[1]]), value(results[by_check_ins[2]]), 4)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    print("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
