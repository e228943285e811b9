"""Issue 14's figures on the 2,000,000-check-in database: the learners on the register through
the ten years of history (dated memberships), closing last year, and the migration that dates
the memberships of an existing file.

The fixture's dates are set straight in the daemon's schema with sqlite3 (the daemon stopped);
closing goes through HTTP as the manager pages do; the migration is timed as the command line
meets it: a copy of the file brought back to the schema before issue 14, then opened.
"""
import json, os, shutil, sqlite3, statistics, subprocess, time
import http.client


def register_through_history(db_path, years=10):
    """The demo's learners joined when the ten years of history began."""
    first = time.strftime("%Y-%m-%d", time.localtime(time.time() - years * 365 * 86400 - 86400))
    con = sqlite3.connect(db_path)
    with con:
        con.execute("UPDATE memberships SET from_day = ? WHERE from_day = (SELECT registered_on FROM learners l WHERE l.id = learner_id)", (first,))
        con.execute("UPDATE learners SET registered_on = ?", (first,))
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def request(conn, headers, method, path, body=None):
    t = time.perf_counter()
    conn.request(method, path, body=json.dumps(body).encode() if body is not None else b"", headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
    is_json = (response.getheader("Content-Type") or "").startswith("application/json")
    return (time.perf_counter() - t) * 1000, json.loads(data) if is_json and data else data


def measure_close(port, cookie, csrf, village_id, runs=3):
    """Closing last year from cold: a village's fact of the year recorded first (every cached
    figure of the year is then stale), then every score and title of the year, the report as HTML
    and xlsx, the frozen figures, one durable commit; reopened (with a reason) between runs."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"}
    year = time.localtime().tm_year - 1
    times, answer = [], None
    for k in range(runs):
        if k:
            request(conn, headers, "POST", f"/api/years/{year}/reopen", {"reason": "đo lại"})
        request(conn, headers, "PUT", f"/api/villages/{village_id}/facts/{year}", {"promotionBranch": k % 2 == 0})
        elapsed, answer = request(conn, headers, "POST", f"/api/years/{year}/close")
        times.append(elapsed)
    frozen_read, _ = request(conn, headers, "GET", f"/api/reports/annual?year={year}")
    _, indicators = request(conn, headers, "GET", f"/api/reports/indicators?year={year}")
    _, dashboard = request(conn, headers, "GET", f"/api/reports/dashboard?year={year}")
    return {"close_median_s": statistics.median(times) / 1000, "close_all_s": [t / 1000 for t in times], "year": year,
            "frozen_read_ms": frozen_read, "learners": dashboard["learners"],
            "t1": next(f"{t['numerator']}/{t['denominator']}" for t in indicators["items"] if t["code"] == "T1")}


DOWNGRADE = """
DROP TABLE memberships; DROP TABLE year_closures; DROP TABLE year_submissions; DROP TABLE year_documents; DROP TABLE centre_years;
ALTER TABLE learners DROP COLUMN registered_on; ALTER TABLE learners DROP COLUMN is_association_member;
ALTER TABLE villages DROP COLUMN closed_on; ALTER TABLE households DROP COLUMN closed_on;
ALTER TABLE clans DROP COLUMN closed_on; ALTER TABLE units DROP COLUMN closed_on;
DELETE FROM grdb_migrations WHERE identifier = 'v9-time';
"""


def measure_migration(binary, data, work, runs=3):
    """`learning-centre status` (opens without the start-up quick_check) on a copy brought back to
    v8, against the same command on the current file: the difference is the migration."""
    source = os.path.join(data, "centre.sqlite")
    migrated, plain = [], []
    for _ in range(runs):
        folder = os.path.join(work, "migrate")
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        shutil.copy(source, os.path.join(folder, "centre.sqlite"))
        con = sqlite3.connect(os.path.join(folder, "centre.sqlite"))
        con.executescript(DOWNGRADE)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        t = time.monotonic()
        subprocess.run([binary, "status", "--data", folder], check=True, capture_output=True)
        migrated.append(time.monotonic() - t)
        t = time.monotonic()
        subprocess.run([binary, "status", "--data", folder], check=True, capture_output=True)
        plain.append(time.monotonic() - t)
        con = sqlite3.connect(os.path.join(folder, "centre.sqlite"))
        periods = con.execute("SELECT COUNT(*) FROM memberships").fetchone()[0]
        con.close()
    shutil.rmtree(os.path.join(work, "migrate"), ignore_errors=True)
    return {"migrate_median_s": statistics.median(migrated), "migrate_all_s": migrated, "open_median_s": statistics.median(plain),
            "periods": periods, "mb": os.path.getsize(source) / 2**20}
