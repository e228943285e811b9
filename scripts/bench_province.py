#!/usr/bin/env python3
"""A province's association (issue 20): CENTRES centres of LEARNERS learners each, every one in a
commune of its own, with a year of the demo generator's records. The same bundles into the
PostgreSQL store (a throwaway cluster started here) and into the SQLite store, in one run: the
first import of every full bundle, then a night of one incremental bundle per centre (each
centre's day: 30 visits), the centres' figures for the year (`association centres`), and each
importer's peak memory (RSS). Prints a Markdown section.

    python3 scripts/bench_province.py --bin .build/release/learning-centre [--centres 200 --learners 1000]
"""
import argparse, concurrent.futures, glob, json, os, re, shutil, socket, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.parse, urllib.request
from pg_cluster import Cluster, make_centre, run

SQLITE_LIMIT = 900


def timed_rss(cmd, limit=None):
    """Seconds, peak RSS (MiB) and output of one command, through GNU time; None past `limit` seconds."""
    start = time.perf_counter()
    try:
        result = subprocess.run(["/usr/bin/time", "-f", "RSS %M"] + cmd, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}…: {result.returncode}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    rss = int(re.findall(r"RSS (\d+)", result.stderr)[-1]) / 1024
    return seconds, rss, result.stdout


def a_day(binary, folder, day):
    con = sqlite3.connect(os.path.join(folder, "centre.sqlite"))
    con.execute("""INSERT INTO check_ins(learner_id, purpose, checked_in_at, checked_out_at, visit_hours)
                   SELECT id, 'reading', strftime('%s','now')*1000 - 7200000, strftime('%s','now')*1000 - 3600000, 1
                   FROM learners WHERE archived = 0 LIMIT 30 OFFSET ?""", (day * 30,))
    con.commit()
    con.close()
    run([binary, "export", "--data", folder, "--out", folder + "/outbox"])


def pages(binary, serve, user, repeats=7):
    """The daemon on this store (`serve`: its options): the province's dashboard (first, then the
    median of `repeats`), one commune's (PostgreSQL only), and the daemon's RSS after them."""
    www = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "www")
    run([binary, "user", "add", "bench", "--role", "manager", "--password-stdin", *user], input="mat-khau-dai-1\n")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    daemon = subprocess.Popen([binary, "association", "serve", *serve, "--www", www, "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        daemon.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        login = urllib.request.Request(base + "/api/auth/login", method="POST", headers={"Content-Type": "application/json"},
                                       data=json.dumps({"username": "bench", "password": "mat-khau-dai-1"}).encode())
        with urllib.request.urlopen(login) as r:
            cookie = r.headers["Set-Cookie"].split(";")[0]

        def get(path):
            start = time.perf_counter()
            with urllib.request.urlopen(urllib.request.Request(base + path, headers={"Cookie": cookie}), timeout=900) as r:
                body = r.read()
            return time.perf_counter() - start, body

        first, _ = get("/api/reports/dashboard")
        whole = statistics.median(get("/api/reports/dashboard")[0] for _ in range(repeats))
        commune = None
        if "--database" in serve:
            key = json.loads(get("/api/association/communes")[1])["items"][0]["key"]
            path = "/api/reports/dashboard?" + urllib.parse.urlencode({"commune": key})
            commune = statistics.median(get(path)[0] for _ in range(repeats))
        with open(f"/proc/{daemon.pid}/status") as f:
            rss = int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024
        return {"first": first, "whole": whole, "commune": commune, "rss": rss}
    finally:
        daemon.terminate()
        daemon.wait(30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--centres", type=int, default=200)
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="leave the centres, stores and the cluster (stopped) for a closer look")
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    rulesets = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rulesets")
    root = tempfile.mkdtemp(prefix="lc-province-")
    os.chmod(root, 0o755)
    pg_folder = os.path.join(root, "pg")
    os.mkdir(pg_folder)
    cluster = Cluster(pg_folder, durable=True)
    try:
        folders = [os.path.join(root, f"c{i:03d}") for i in range(args.centres)]
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            centres = list(pool.map(make_centre, [(binary, f, i, args.learners) for i, f in enumerate(folders)]))
        made = time.perf_counter() - start
        sqlite_data, pg_work = os.path.join(root, "assoc-sqlite"), os.path.join(root, "assoc-pg")
        for (centre, key), i in zip(centres, range(len(centres))):
            run([binary, "association", "register-centre", "--data", sqlite_data, "--id", centre, "--key", key, "--name", f"TTHTCĐ {i}"])
            run([binary, "association", "register-centre", "--database", cluster.url, "--data", pg_work, "--id", centre, "--key", key,
                 "--name", f"TTHTCĐ {i}"])
        full = sorted(glob.glob(os.path.join(root, "c*/outbox/*.tar.gz")))
        rows = {}
        store_args = {"PostgreSQL": ["--database", cluster.url, "--data", pg_work, "--rulesets", rulesets],
                      "SQLite": ["--data", sqlite_data]}
        # The SQLite store is given at most SQLITE_LIMIT seconds a step (its import slows with every
        # centre already in it: 48 of 200 bundles in 14 minutes once).
        for name, extra in store_args.items():
            rows[name] = {"first": timed_rss([binary, "association", "import"] + extra + full, SQLITE_LIMIT if name == "SQLite" else None)}
        for i, folder in enumerate(folders):
            a_day(binary, folder, 1)
        night = sorted(set(glob.glob(os.path.join(root, "c*/outbox/*.tar.gz"))) - set(full))
        assert len(night) == len(folders), f"{len(night)} nightly bundles"
        for name, extra in store_args.items():
            if rows[name]["first"] is None:
                rows[name]["night"] = rows[name]["centres"] = None
                continue
            rows[name]["night"] = timed_rss([binary, "association", "import"] + extra + night)
            rows[name]["centres"] = timed_rss([binary, "association", "centres"] + extra)
        same = rows["SQLite"]["centres"] is not None and rows["PostgreSQL"]["centres"][2] == rows["SQLite"]["centres"][2]
        served = {"PostgreSQL": pages(binary, store_args["PostgreSQL"], ["--database", cluster.url, "--data", pg_work])}
        served["SQLite"] = pages(binary, store_args["SQLite"], ["--data", sqlite_data]) if rows["SQLite"]["night"] else None
        pg_bytes = run(["psql", "-h", pg_folder, "-U", "postgres", "-Atc", "SELECT pg_database_size('province')", "province"]).strip()
        sqlite_bytes = os.path.getsize(os.path.join(sqlite_data, "centre.sqlite"))
    finally:
        cluster.stop()
        if args.keep:
            print(f"kept: {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)

    learners = args.centres * args.learners
    print("## A province's association: PostgreSQL and SQLite (issue 20)\n")
    print(f"Command: `scripts/bench_province.py --bin {args.bin} --centres {args.centres} --learners {args.learners}`: "
          f"{args.centres} centres of {args.learners:,} learners ({learners:,} in all), each in a commune of its own, "
          f"a year of the demo generator's records each ({len(full)} full bundles, made in {made:.0f} s); then a night: 30 visits at every "
          f"centre and one incremental bundle each. The same bundles into both stores in one run, one `association import` per step; "
          f"PostgreSQL 15 in a throwaway cluster on this machine (fsync on, shared_buffers 512 MB); each commune scored by the one "
          f"engine after its bundles (scratch stores kept in the working folder). Peak RSS of the importing process.\n")
    print("| step | PostgreSQL | SQLite |")
    print("|---|---|---|")
    for step, label in [("first", "first import of every full bundle"), ("night", f"a night: {len(night)} incremental bundles"),
                        ("centres", "`association centres` (every centre's figures of the year)")]:
        pg, lite = rows["PostgreSQL"][step], rows["SQLite"][step]
        cell = lambda r: f"{r[0]:.1f} s, RSS {r[1]:.0f} MiB" if r else f"not done (the first import did not end within {SQLITE_LIMIT} s)"
        print(f"| {label} | {cell(pg)} | {cell(lite)} |")
    for step in ("first", "night"):
        scoring = re.search(r"của (\d+) xã \(([\d.]+) giây\)", (rows["PostgreSQL"][step] or (0, 0, ""))[2])
        if scoring:
            print(f"| of which the {step} step's scoring (PostgreSQL: {scoring.group(1)} communes) | {float(scoring.group(2)):.1f} s | (within the import) |")
    print(f"| database size after the night | {int(pg_bytes) / 2**20:.0f} MiB | {sqlite_bytes / 2**20:.0f} MiB |")
    ms = lambda seconds: f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"
    for key, label in [("first", "the daemon's first province dashboard (`GET /api/reports/dashboard`)"),
                       ("whole", "the province dashboard, median of 7"), ("commune", "one commune's dashboard (`?commune=`), median of 7"),
                       ("rss", "the daemon's RSS after these")]:
        cell = lambda r: "—" if r is None or r[key] is None else (f"{r[key]:.0f} MiB" if key == "rss" else ms(r[key]))
        print(f"| {label} | {cell(served['PostgreSQL'])} | {cell(served['SQLite'])} |")
    print(f"\nThe centres' figures agree between the stores: **{'yes' if same else 'not compared' if rows['SQLite']['centres'] is None else 'NO'}**. "
          "Targets: the night ≤ 60 s; the province's dashboard ≤ 1 s and one commune's ≤ 200 ms (PostgreSQL: sums over what the "
          "engine scored at import; SQLite: the daemon scores the whole association's year on its first page, then keeps it). "
          "The SQLite store has no commune filter: one commune is its whole.")


if __name__ == "__main__":
    main()
