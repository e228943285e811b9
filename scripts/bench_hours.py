"""Issue 4's figures: ten years of a large commune (2,000,000 check-ins), one learner's hours
page, a year's hours for everyone, and closing sessions of 200 attendees.

The history is written straight into the daemon's own schema with Python's sqlite3 (the daemon
stopped), in one transaction, with the schema's triggers firing as they would for the daemon.
Every measurement then goes through HTTP, as the manager pages use it.
"""
import http.client, json, random, sqlite3, statistics, time, uuid

DAY = 86_400_000
HOUR = 3_600_000
CATEGORIES = ["it", "it", "language", "agriculture", "law", "health", "literacy", "culture"]
PURPOSES = ["reading", "club", "selfStudy"]


def fill_history(db_path, total=2_000_000, years=10, seed=4):
    """Adds classes and visits over `years` until the database holds `total` check-ins; returns
    (check-ins, sessions, seconds)."""
    rnd = random.Random(seed)
    started = time.monotonic()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys = ON")
    # Making the fixture is not what is measured: a large cache, no fsync.
    con.execute("PRAGMA cache_size = -400000")
    con.execute("PRAGMA synchronous = OFF")
    # Rows as the daemon keeps them (`check_in_rows`: the learner's and the session's row
    # numbers, no stored id: each check-in's id is its centre's prefix and its number).
    learners = [row[0] for row in con.execute("SELECT seq FROM learners WHERE archived = 0")]
    existing = con.execute("SELECT COUNT(*) FROM check_ins").fetchone()[0]
    need = total - existing
    now = int(time.time() * 1000)
    first_day = (now // DAY - years * 365) * DAY
    days = years * 365
    classes_per_day, mean_attendance = 6, 60
    visits_per_day = max(0, -(-need // days) - classes_per_day * mean_attendance + 1)
    sessions = 0
    with con:
        for d in range(days):
            if need <= 0:
                break
            base = first_day + d * DAY + HOUR  # 08:00 in Vietnam
            rows = []
            for k in range(classes_per_day):
                start = base + (k % 3) * 3 * HOUR
                sid = con.execute("""INSERT INTO sessions(id, title, category, place, starts_at, ends_at, credited_hours, state, created_at, updated_at)
                                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                                  (str(uuid.UUID(int=rnd.getrandbits(128))), f"Lớp {k + 1}", CATEGORIES[rnd.randrange(len(CATEGORIES))],
                                   f"Phòng {k // 3 + 1}", start, start + 2 * HOUR, 2.0, "closed", now, now)).lastrowid
                sessions += 1
                for learner in rnd.sample(learners, rnd.randint(mean_attendance - 20, mean_attendance + 20)):
                    rows.append((learner, sid, None, start, start + 2 * HOUR, 0.0))
            for _ in range(visits_per_day):
                start = base + 7 * HOUR + rnd.randrange(4 * 60) * 60_000
                minutes = 15 * rnd.randint(2, 16)
                rows.append((learners[rnd.randrange(len(learners))], None, PURPOSES[rnd.randrange(3)], start,
                             start + minutes * 60_000, min(4.0, minutes / 60)))
            rows = rows[:need]
            need -= len(rows)
            con.executemany("""INSERT INTO check_in_rows(learner_seq, session_seq, purpose, checked_in_at, checked_out_at, visit_hours)
                               VALUES (?, ?, ?, ?, ?, ?)""", rows)
    count = con.execute("SELECT COUNT(*) FROM check_ins").fetchone()[0]
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return count, sessions, time.monotonic() - started


def open_classes_today(db_path, classes=50, attendees=200, seed=5):
    """Today's classes, each with `attendees` people checked in and not yet out (one open
    check-in per person, as the kiosk allows); returns their ids."""
    rnd = random.Random(seed)
    con = sqlite3.connect(db_path)
    free = [row[0] for row in con.execute(
        "SELECT id FROM learners WHERE archived = 0 AND id NOT IN (SELECT learner_id FROM check_ins WHERE checked_out_at IS NULL)")]
    rnd.shuffle(free)
    now = int(time.time() * 1000)
    ids = []
    with con:
        for k in range(classes):
            sid = str(uuid.uuid4())
            con.execute("""INSERT INTO sessions(id, title, category, place, starts_at, ends_at, credited_hours, state, created_at, updated_at)
                           VALUES (?, ?, 'it', ?, ?, ?, 2.0, 'scheduled', ?, ?)""",
                        (sid, f"Lớp đông {k + 1}", f"Phòng đo {k + 1}", now - HOUR, now + HOUR, now, now))
            people = free[k * attendees:(k + 1) * attendees]
            con.executemany("INSERT INTO check_ins(learner_id, session_id, checked_in_at) VALUES (?, ?, ?)",
                            [(p, sid, now - HOUR + 60_000) for p in people])
            ids.append(sid)
    con.close()
    return ids


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Client:
    """One keep-alive connection, as a browser tab holds it."""

    def __init__(self, port, cookie, csrf):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"}

    def timed(self, method, path):
        t = time.perf_counter()
        self.conn.request(method, path, body=b"" if method == "POST" else None, headers=self.headers)
        response = self.conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - t) * 1000
        if response.status >= 300:
            raise SystemExit(f"{method} {path}: {response.status} {body[:200]!r}")
        return elapsed, body


def measure(port, cookie, csrf, learner_ids, close_ids, years, seed=6):
    rnd = random.Random(seed)
    client = Client(port, cookie, csrf)
    this_year = time.localtime().tm_year
    year_range = list(range(this_year - years + 1, this_year + 1))
    hours = [client.timed("GET", f"/api/learners/{rnd.choice(learner_ids)}/hours?year={rnd.choice(year_range)}")[0]
             for _ in range(2000)]
    everyone, rows = [], 0
    for year in year_range:
        elapsed, body = client.timed("GET", f"/api/hours?year={year}&limit=500")
        everyone.append(elapsed)
    _, body = client.timed("GET", f"/api/hours?year={this_year - 1}&limit=500")
    officers = [client.timed("GET", f"/api/officers?year={year}")[0] for year in year_range]
    closing = [client.timed("POST", f"/api/sessions/{sid}/close")[0] for sid in close_ids]
    return {
        "hours_p50": percentile(hours, 50), "hours_p99": percentile(hours, 99), "hours_n": len(hours),
        "year_median": statistics.median(everyone), "year_max": max(everyone), "year_n": len(everyone),
        "officers_median": statistics.median(officers),
        "close_median": statistics.median(closing), "close_p99": percentile(closing, 99), "close_max": max(closing), "close_n": len(closing),
        "first_page_items": len(json.loads(body)["items"]),
    }


def vm_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def measure_scores(port, cookie, csrf, learner_ids, pid, village_id, seed=7):
    """Issue 5: one learner's score with evidence; everyone's scores and titles after a change
    (the year's cache is invalidated by recording a village's fact); the dashboard's data."""
    rnd = random.Random(seed)
    client = Client(port, cookie, csrf)
    year = time.localtime().tm_year
    score = [client.timed("GET", f"/api/learners/{rnd.choice(learner_ids)}/score?year={year}")[0] for _ in range(1000)]
    before = vm_kib(pid, "VmHWM")
    cold = []
    for k in range(5):
        body = json.dumps({"promotionBranch": k % 2 == 0}).encode()
        client.conn.request("PUT", f"/api/villages/{village_id}/facts/{year}", body=body, headers=client.headers)
        client.conn.getresponse().read()
        cold.append(client.timed("GET", f"/api/titles?year={year}&kind=unit")[0])
    peak = vm_kib(pid, "VmHWM")
    dashboard = [client.timed("GET", f"/api/reports/dashboard?year={year}")[0] for _ in range(20)]
    # A kiosk check-in, then the dashboard: only the learner concerned (and their household) is
    # scored again (issue 19).
    kiosk = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    after_check_in = []
    for _ in range(15):
        for _ in range(10):  # an archived learner, or one already in: another
            kiosk.request("POST", "/api/kiosk/check-ins", body=json.dumps({"learnerId": rnd.choice(learner_ids), "purpose": "reading"}),
                          headers={"Content-Type": "application/json"})
            answer = kiosk.getresponse()
            answer.read()
            if answer.status == 201:
                break
        after_check_in.append(client.timed("GET", f"/api/reports/dashboard?year={year}")[0])
    report = [client.timed("GET", f"/api/reports/annual?year={year}")[0] for _ in range(5)]
    return {
        "score_p50": percentile(score, 50), "score_p99": percentile(score, 99), "score_n": len(score),
        "all_median": statistics.median(cold), "all_max": max(cold), "all_n": len(cold),
        "hwm_before_mb": before / 1024, "hwm_after_mb": peak / 1024,
        "dashboard_median": statistics.median(dashboard), "dashboard_p99": percentile(dashboard, 99), "dashboard_n": len(dashboard),
        "report_median": statistics.median(report),
        "after_check_in_median": statistics.median(after_check_in), "after_check_in_all": after_check_in,
    }
