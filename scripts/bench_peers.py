#!/usr/bin/env python3
"""learning-centre and Kolibri (the offline platform a centre would otherwise run) on one machine,
in one run, driven by the same client: creating 2,000 learners with Vietnamese names, searching
them at 1 and 16 clients, each one's closest write (our kiosk check-in; Kolibri's enrolment in a
class), resident memory idle and after, the start to a first answer, and how many learners an
accent-free query finds. Writes a markdown section (stdout, or spliced into --out).

Kolibri runs from its own home folder in a temporary directory, on its fastest path for each
step (learners without passwords, as its own form creates them in a facility whose learners sign
in without one: no password hashing), and is stopped by its own process id.
"""
import argparse, http.client, json, os, random, re, signal, statistics, subprocess, sys, tempfile, threading, time, unicodedata
from urllib.parse import quote_plus
import bench

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "browser"))
from vietnamese_names import names  # noqa: E402

MANAGER, PASSWORD = "quanly", "mat-khau-dai"


def fold(text):
    """What a person types without Vietnamese marks: "Nguyễn Thị Lan" → "nguyen thi lan"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


class Client:
    """One keep-alive connection with its cookies and a CSRF header: the same client for both."""

    def __init__(self, port, headers):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = dict(headers)

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        headers = dict(self.headers)
        if data is not None:
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=headers)
        answer = self.conn.getresponse()
        payload = answer.read()
        if answer.status >= 300:
            raise RuntimeError(f"{method} {path}: {answer.status} {payload[:300]!r}")
        return json.loads(payload) if payload else None


def timed(port, headers, jobs, clients):
    """Runs `jobs` (each a (method, path, body) or a callable of a Client) over `clients`
    keep-alive connections as fast as they answer; returns (answers per second, latencies in ms)."""
    latencies, lock, queue = [], threading.Lock(), list(reversed(jobs))
    errors = []

    def worker():
        client = Client(port, headers)
        while True:
            with lock:
                if not queue:
                    return
                job = queue.pop()
            start = time.perf_counter()
            try:
                client.call(*job)
            except Exception as error:  # noqa: BLE001 — counted and shown, never hidden
                errors.append(str(error))
                client = Client(port, headers)
                continue
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, the first: {errors[0]}")
    return len(latencies) / (time.perf_counter() - start), latencies


def tree_rss_mib(pid):
    """Resident memory of a process and its children (Kolibri may start helpers)."""
    total, pids = 0, [pid]
    while pids:
        p = pids.pop()
        total += bench.rss_kib(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                pids += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return total / 1024


def wait_answer(port, path, proc, limit=120):
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped while starting (exit {proc.returncode})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        if limit <= 0:
            raise SystemExit(f"no answer on {path}")
        limit -= 0.01
        time.sleep(0.01)


class Ours:
    name = "learning-centre"

    def __init__(self, binary, www, work):
        self.binary, self.www, self.data = binary, www, os.path.join(work, "ours")
        subprocess.run([binary, "user", "add", MANAGER, "--role", "manager", "--password-stdin", "--data", self.data],
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True)

    def start(self):
        self.port = bench.free_port()
        begin = time.perf_counter()
        self.proc = subprocess.Popen([self.binary, "serve", "--data", self.data, "--www", self.www, "--port", str(self.port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_answer(self.port, "/api/kiosk/today", self.proc)
        return (time.perf_counter() - begin) * 1000

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)

    def log_in(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("POST", "/api/auth/login", json.dumps({"username": MANAGER, "password": PASSWORD}), {"Content-Type": "application/json"})
        answer = conn.getresponse()
        csrf = json.loads(answer.read())["csrfToken"]
        self.headers = {"Cookie": answer.getheader("Set-Cookie").split(";")[0], "X-CSRF-Token": csrf}
        self.village = Client(self.port, self.headers).call("POST", "/api/villages", {"name": "Thôn Đồi Thông"})["id"]

    def create(self, person):
        return ("POST", "/api/learners", {"fullName": person["name"], "gender": person["gender"].lower(), "birthYear": person["year"],
                                          "villageId": self.village, "confirmDistinct": True})

    def search(self, query):
        return ("GET", "/api/learners?limit=30&q=" + quote_plus(query), None)

    def found(self, answer):
        return [item["fullName"] for item in answer["items"]]

    def all_ids(self):
        client, ids, cursor = Client(self.port, self.headers), [], None
        while True:
            page = client.call("GET", "/api/learners?limit=500" + (f"&next={cursor}" if cursor else ""))
            ids += [item["id"] for item in page["items"]]
            cursor = page.get("next")
            if not cursor:
                return ids

    def write(self, learner):
        return ("POST", "/api/kiosk/check-ins", {"learnerId": learner, "purpose": "reading"})


class Kolibri:
    name = "Kolibri"

    def __init__(self, kolibri, work):
        self.kolibri, self.env = kolibri, dict(os.environ, KOLIBRI_HOME=os.path.join(work, "kolibri-home"),
                                               KOLIBRI_RUN_MODE="bench", PYTHONWARNINGS="ignore")
        bench.run([kolibri, "manage", "provisiondevice", "--facility", "TTHTCĐ Thử", "--superusername", MANAGER,
                   "--superuserpassword", PASSWORD, "--preset", "formal", "--language_id", "vi", "--noinput"], env=self.env)
        self.version = bench.run([kolibri, "--version"], env=self.env).stdout.split()[-1]

    def start(self):
        self.port = bench.free_port()
        begin = time.perf_counter()
        self.proc = subprocess.Popen([self.kolibri, "start", "--foreground", "--port", str(self.port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=self.env)
        wait_answer(self.port, "/api/public/info/", self.proc)
        return (time.perf_counter() - begin) * 1000

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)  # its own process id, never a name
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def log_in(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", "/api/public/v1/facility/")
        self.facility = json.loads(conn.getresponse().read())[0]["id"]
        conn.request("POST", "/api/auth/session/", json.dumps({"username": MANAGER, "password": PASSWORD, "facility": self.facility}),
                     {"Content-Type": "application/json"})
        answer = conn.getresponse()
        answer.read()
        cookies = dict(re.findall(r"(kolibri[a-z_]*)=([^;]*)", ", ".join(answer.headers.get_all("Set-Cookie"))))
        self.headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
                        "X-CSRFToken": cookies["kolibri_csrftoken"], "Referer": f"http://127.0.0.1:{self.port}/"}
        self.classroom = Client(self.port, self.headers).call("POST", "/api/auth/classroom/", {"name": "Lớp tin học", "parent": self.facility})["id"]

    def create(self, person):
        return ("POST", "/api/auth/facilityuser/", {"username": f"hv{person['n']:05d}", "full_name": person["name"], "password": "NOT_SPECIFIED",
                                                    "facility": self.facility, "gender": person["gender"], "birth_year": str(person["year"])})

    def search(self, query):
        return ("GET", f"/api/auth/facilityuser/?member_of={self.facility}&page=1&page_size=30&search=" + quote_plus(query), None)

    def found(self, answer):
        return [item["full_name"] for item in answer["results"]]

    def all_ids(self):
        return [u["id"] for u in Client(self.port, self.headers).call("GET", f"/api/auth/facilityuser/?member_of={self.facility}&user_type=learner")]

    def write(self, learner):
        return ("POST", "/api/auth/membership/", {"user": learner, "collection": self.classroom})


def measure(system, people, speed_queries, recall_people, starts):
    figures = {"start_ms": statistics.median([(system.start(), system.stop())[0] for _ in range(starts)])}
    system.start()
    time.sleep(2)
    figures["idle_mib"] = tree_rss_mib(system.proc.pid)
    system.log_in()
    figures["create"] = timed(system.port, system.headers, [system.create(p) for p in people], 4)
    for clients, count in ((1, 1000), (16, 1600)):
        figures[f"search{clients}"] = timed(system.port, system.headers, [system.search(speed_queries[i % len(speed_queries)]) for i in range(count)], clients)
    ids = system.all_ids()
    figures["write"] = timed(system.port, system.headers, [system.write(i) for i in ids], 4)
    client = Client(system.port, system.headers)
    found = sum(1 for p in recall_people if p["name"] in system.found(client.call(*system.search(fold(p["name"])))))
    figures["recall"] = (found, len(recall_people))
    figures["after_mib"] = tree_rss_mib(system.proc.pid)
    system.stop()
    return figures


def table(ours, peer, version, learners, starts):
    def speed(f):
        rate, lat = f
        return f"{rate:,.0f}/s, p50 {statistics.median(lat):.1f} ms, p99 {percentile(lat, 99):.1f} ms, p99.9 {percentile(lat, 99.9):.1f} ms"

    def ratio(a, b, higher_better):
        r = a / b if higher_better else b / a
        return f"**{r:,.1f}×**"

    rows = [
        ("create a learner, 4 clients", speed(ours["create"]), speed(peer["create"]), ratio(ours["create"][0], peer["create"][0], True)),
        ("search, 1 client (1,000 queries)", speed(ours["search1"]), speed(peer["search1"]),
         ratio(percentile(ours["search1"][1], 99), percentile(peer["search1"][1], 99), False) + " (p99)"),
        ("search, 16 clients (1,600 queries)", speed(ours["search16"]), speed(peer["search16"]),
         ratio(percentile(ours["search16"][1], 99), percentile(peer["search16"][1], 99), False) + " (p99)"),
        ("closest write, 4 clients: our kiosk check-in / Kolibri's enrolment in a class", speed(ours["write"]), speed(peer["write"]),
         ratio(ours["write"][0], peer["write"][0], True)),
        (f"start to a first answer (median of {starts})", f"{ours['start_ms']:,.0f} ms", f"{peer['start_ms']:,.0f} ms", ratio(ours["start_ms"], peer["start_ms"], False)),
        ("resident memory idle (process and children)", f"{ours['idle_mib']:.1f} MiB", f"{peer['idle_mib']:.1f} MiB", ratio(ours["idle_mib"], peer["idle_mib"], False)),
        ("resident memory after the runs", f"{ours['after_mib']:.1f} MiB", f"{peer['after_mib']:.1f} MiB", ratio(ours["after_mib"], peer["after_mib"], False)),
        ("learners found by their name typed without marks", f"{ours['recall'][0]} of {ours['recall'][1]}", f"{peer['recall'][0]} of {peer['recall'][1]}", ""),
    ]
    lines = [
        "## The peer in the same run: learning-centre and Kolibri",
        "",
        f"Command: `make bench-peers` (`scripts/bench_peers.py --bin .build/release --kolibri bench-out/kolibri/bin/kolibri`), {time.strftime('%Y-%m-%d')}. "
        f"Kolibri {version} from PyPI in a venv, in the same run on the same machine, with the same Python client "
        f"(keep-alive connections, each request timed from send to the whole answer read). {learners:,} learners with generated Vietnamese names "
        "(`Tests/browser/vietnamese_names.py`); searches for given names and family-and-middle names with their marks (both systems find rows); "
        "recall on 200 learners' whole names typed without marks. Kolibri on its fastest path: learners without passwords (no hashing), "
        "neutral user names (`hv00017`, like our card codes, so a search finds a learner by name, not by a user name typed to match). "
        "The client is Python threads: near 2,500 answers a second it is the client that waits, so our figures at 16 clients are its "
        "ceiling (the daemon's own, under `wrk`, are in the sections above).",
        "",
        f"| measure | learning-centre | Kolibri {version} | ahead by |",
        "|---|---|---|---|",
    ] + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release")
    ap.add_argument("--kolibri", default="bench-out/kolibri/bin/kolibri")
    ap.add_argument("--learners", type=int, default=2000)
    ap.add_argument("--starts", type=int, default=3)
    ap.add_argument("--out", help="splice the section into this markdown file (replacing an older one)")
    ap.add_argument("--keep", default="bench-out/peers.md", help="the section alone, which `make bench` appends to its new file")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="lc-peers-")
    r = random.Random(19)
    people = [{"n": n, "name": name, "gender": r.choice(["FEMALE", "MALE"]), "year": r.randint(1940, 2008)}
              for n, name in enumerate(names(args.learners, seed=19))]
    words = sorted({p["name"].split()[-1] for p in people} | {" ".join(p["name"].split()[:2]) for p in people})
    speed_queries = r.sample(words, min(40, len(words)))
    recall_people = r.sample(people, 200)
    ours = Ours(os.path.abspath(os.path.join(args.bin, "learning-centre")), os.path.abspath("www"), work)
    peer = Kolibri(os.path.abspath(args.kolibri), work)
    results = {}
    for system in (ours, peer):
        print(f"… {system.name}", file=sys.stderr, flush=True)
        results[system.name] = measure(system, people, speed_queries, recall_people, args.starts)
    section = table(results["learning-centre"], results["Kolibri"], peer.version, args.learners, args.starts)
    os.makedirs(os.path.dirname(args.keep) or ".", exist_ok=True)
    open(args.keep, "w").write(section)
    if args.out:
        text = open(args.out).read() if os.path.exists(args.out) else ""
        head = text.split("## The peer in the same run", 1)
        rest = head[1].split("\n## ", 1)[1] if len(head) > 1 and "\n## " in head[1] else ""
        text = head[0].rstrip("\n") + "\n\n" + section + ("\n## " + rest if rest else "")
        open(args.out, "w").write(text)
    print(section)


if __name__ == "__main__":
    main()
