"""A throwaway PostgreSQL cluster and demo centres with their bundles, for the province
benchmark (scripts/bench_province.py) and the province's browser test (Tests/browser)."""
import os, re, shutil, sqlite3, subprocess

PG_ROOT = "/usr/lib/postgresql"


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}…: {result.returncode}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result.stdout


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on a Unix socket, as the tests start one."""

    def __init__(self, folder, durable=False):
        versions = sorted(int(v) for v in os.listdir(PG_ROOT) if v.isdigit())
        self.bin = f"{PG_ROOT}/{versions[-1]}/bin"
        self.folder = folder
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        if os.getuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        run(self.as_postgres + [f"{self.bin}/initdb", "-D", f"{folder}/data", "-U", "postgres", "--auth=trust", "-E", "UTF8",
                                "--locale=C.UTF-8", *([] if durable else ["--no-sync"])])
        # Measured: durable as a real server is (fsync on), with memory a small province server might
        # give it. Tested: fsync off, the defaults.
        options = "-c shared_buffers=512MB" if durable else "-c fsync=off"
        subprocess.run(self.as_postgres + [f"{self.bin}/pg_ctl", "-D", f"{folder}/data", "-l", f"{folder}/server.log", "-w", "-o",
                                           f"-k {folder} -c listen_addresses='' {options}", "start"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, close_fds=True)
        run(["psql", "-h", folder, "-U", "postgres", "-qc", "CREATE DATABASE province"])
        self.url = f"postgresql://postgres@/province?host={folder}"

    def stop(self):
        subprocess.run(self.as_postgres + [f"{self.bin}/pg_ctl", "-D", f"{self.folder}/data", "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_centre(args):
    binary, folder, index, learners = args
    run([binary, "demo", "--data", folder, "--learners", str(learners)])
    con = sqlite3.connect(os.path.join(folder, "centre.sqlite"))
    con.execute("INSERT OR REPLACE INTO centre(key, value) VALUES ('communeCode', ?), ('commune', ?)", (f"{10000 + index}", f"Xã số {index}"))
    con.commit()
    con.close()
    key = run([binary, "export", "--data", folder, "--print-public-key"])
    centre = re.search(r"Trung tâm (\S+)", key).group(1)
    public = re.search(r"\(Ed25519\): (\S+)", key).group(1)
    run([binary, "export", "--data", folder, "--out", folder + "/outbox"])
    return centre, public


