"""Two builds of the daemon, alternated on fresh copies of one demo, under the same open-loop
check-in load as bench_lane.py: a same-run comparison when the shared host's speed drifts.

    OLD=/path/to/old/learning-centre NEW=.build/release/learning-centre ROUNDS=2 N=30000 python3 scripts/bench_ab.py
"""
import asyncio, json, os, subprocess, sys, tempfile, time, urllib.request
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Daemon, run, learner_ids
from bench_lane import open_loop
bins = {"old": os.environ.get("OLD", "/tmp/oldbin/learning-centre"), "new": os.environ.get("NEW", ".build/release/learning-centre")}
base = "/tmp/ab/base"
if not os.path.exists(base):
    os.makedirs("/tmp/ab", exist_ok=True)
    run([bins["old"], "demo", "--data", base, "--learners", "20000"])
    subprocess.run([bins["old"], "user", "add", "bench", "--role", "manager", "--password-stdin", "--data", base],
                   input="bench-password\n", text=True, check=True, capture_output=True)
n = int(os.environ.get("N", "30000"))
for rnd in range(int(os.environ.get("ROUNDS", "2"))):
    for name in (["old", "new"] if rnd % 2 == 0 else ["new", "old"]):
        work = tempfile.mkdtemp(prefix="lc-ab-")
        data = os.path.join(work, "data")
        subprocess.run(["cp", "-a", base, data], check=True); subprocess.run(["sync"])
        d = Daemon(bins[name], data, os.path.abspath("www"))
        time.sleep(2)
        cookie, csrf = d.login("bench", "bench-password")
        ids = learner_ids(d, cookie)
        today = json.load(urllib.request.urlopen(d.url + "/api/kiosk/today"))
        session = today["sessions"][0]["id"] if today["sessions"] else None
        r = asyncio.run(open_loop(d.url, 500, n, 32, ids, session))
        print(name, "p50 %.2f p99 %.2f max %.1f err %d" % (r["p50"], r["p99"], r["max"], r["errors"]), flush=True)
        d.stop()
        subprocess.run(["rm", "-rf", work])
