"""Two builds of the daemon, alternated on fresh copies of one demo, under the same open-loop
check-in load as bench_lane.py: a same-run comparison when the shared host's speed drifts.

    OLD=/path/to/old/learning-centre NEW=.build/release/learning-centre ROUNDS=2 N=30000 python3 scripts/bench_ab.py
"""
import asyncio, os, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_lane import demo, open_loop, start


def main():
    bins = {"old": os.environ.get("OLD", "/tmp/oldbin/learning-centre"), "new": os.environ.get("NEW", ".build/release/learning-centre")}
    base = "/tmp/ab/base"
    if not os.path.exists(base):
        os.makedirs("/tmp/ab", exist_ok=True)
        demo(bins["old"], base, 20000)
    n = int(os.environ.get("N", "30000"))
    for rnd in range(int(os.environ.get("ROUNDS", "2"))):
        for name in (["old", "new"] if rnd % 2 == 0 else ["new", "old"]):
            work = tempfile.mkdtemp(prefix="lc-ab-")
            data = os.path.join(work, "data")
            subprocess.run(["cp", "-a", base, data], check=True); subprocess.run(["sync"])
            d, _, _, ids, session = start(bins[name], data, os.path.abspath("www"))
            r = asyncio.run(open_loop(d.url, 500, n, 32, ids, session))
            print(name, "p50 %.2f p99 %.2f max %.1f err %d" % (r["p50"], r["p99"], r["max"], r["errors"]), flush=True)
            d.stop()
            subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
