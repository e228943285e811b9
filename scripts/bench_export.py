"""Issue 6's figures: a full export of the ten-year database, a normal night's incremental
bundle, and the association importing 30 nightly bundles from 3 centres. Each export runs as
the nightly service does (`learning-centre export`), timed from exec to exit, its peak memory
from GNU time (%M)."""
import os, random, sqlite3, subprocess, tempfile, time

DAY = 86_400_000


def timed(cmd):
    """(seconds, peak RSS MB) of one run of `cmd`, which must succeed, measured by GNU time (its
    own small process execs the command, so the peak is the command's, not this script's)."""
    report = tempfile.mktemp(prefix="lc-time-")
    started = time.monotonic()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()}")
    with open(report) as f:
        peak_kib = int(f.read().split()[-1])
    os.remove(report)
    return seconds, peak_kib / 1024


def a_night(db_path, visits=300, seed=0):
    """About 300 check-ins of today, as the kiosk would have written them."""
    rnd = random.Random(seed)
    con = sqlite3.connect(db_path)
    learners = [row[0] for row in con.execute("SELECT id FROM learners WHERE archived = 0 LIMIT 2000")]
    now = int(time.time() * 1000)
    with con:
        for _ in range(visits):
            start = now - rnd.randrange(10 * 3600) * 1000
            con.execute("""INSERT INTO check_ins(learner_id, purpose, checked_in_at, checked_out_at, visit_hours)
                           VALUES (?, 'reading', ?, ?, 1.0)""", (rnd.choice(learners), start, start + 3_600_000))
    con.close()


def export_cmd(binary, data, outbox, rulesets, *extra):
    return [binary, "export", "--data", data, "--out", outbox, "--rulesets", rulesets, "--usb-roots", outbox + "-no-usb", *extra]


def measure_export(binary, data, rulesets, work):
    outbox = os.path.join(work, "outbox")
    con = sqlite3.connect(os.path.join(data, "centre.sqlite"))
    learners = con.execute("SELECT count(*) FROM learners WHERE archived = 0").fetchone()[0]
    con.close()
    full = [timed(export_cmd(binary, data, outbox, rulesets, "--full")) for _ in range(2)]
    nights = []
    for night in range(5):
        a_night(os.path.join(data, "centre.sqlite"), seed=night)
        nights.append(timed(export_cmd(binary, data, outbox, rulesets)))
    full_bytes = max(os.path.getsize(os.path.join(outbox, f)) for f in os.listdir(outbox) if f.endswith(".tar.gz"))
    return {
        "full_seconds": sorted(s for s, _ in full)[0], "full_all": [s for s, _ in full], "full_mb": max(m for _, m in full),
        "full_bundle_mb": full_bytes / 1e6, "learners": learners,
        "night_median": sorted(s for s, _ in nights)[len(nights) // 2], "night_all": [s for s, _ in nights],
        "night_mb": max(m for _, m in nights),
    }


def measure_import(binary, rulesets, work, centres=3, nights=10):
    association = os.path.join(work, "association")
    firsts, nightly = [], []
    for c in range(centres):
        data = os.path.join(work, f"centre{c}")
        outbox = os.path.join(data, "outbox")
        subprocess.run([binary, "demo", "--data", data, "--learners", "300"], check=True, capture_output=True)
        key = subprocess.run([binary, "export", "--print-public-key", "--data", data], check=True, capture_output=True, text=True).stdout
        centre_id = key.splitlines()[0].split()[-1]
        public = key.splitlines()[1].split()[-1]
        subprocess.run([binary, "association", "register-centre", "--data", association, "--id", centre_id, "--key", public,
                        "--name", f"Trung tâm {c + 1}"], check=True, capture_output=True)
        subprocess.run(export_cmd(binary, data, outbox, rulesets), check=True, capture_output=True)
        for night in range(nights):
            a_night(os.path.join(data, "centre.sqlite"), seed=100 * c + night)
            subprocess.run(export_cmd(binary, data, outbox, rulesets), check=True, capture_output=True)
        bundles = sorted(os.path.join(outbox, f) for f in os.listdir(outbox) if f.endswith(".tar.gz"))
        firsts.append(bundles[0])
        nightly += bundles[1:]
    subprocess.run([binary, "association", "import", "--data", association, *firsts], check=True, capture_output=True)
    seconds, mb = timed([binary, "association", "import", "--data", association, *nightly])
    return {"import_seconds": seconds, "import_mb": mb, "import_bundles": len(nightly)}
