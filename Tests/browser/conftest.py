"""Fixtures for the real-browser tests: a daemon on a free port with its own data, and Chromium."""
import json, os, shutil, socket, subprocess, tempfile, time, urllib.request
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("LC_BINARY", os.path.join(ROOT, ".build", "debug", "learning-centre"))
CENTRE_ZONE = "Asia/Ho_Chi_Minh"  # the daemon's default `timeZone`
ARTIFACTS = os.environ.get("LC_ARTIFACTS", os.path.join(ROOT, "test-artifacts"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon:
    """`command`: ("serve",) for a centre, ("association", "serve") for the association; `extra`: more options."""
    def __init__(self, command=("serve",), extra=()):
        self.command = list(command)
        self.extra = list(extra)
        self.data = tempfile.mkdtemp(prefix="lc-browser-")
        self.port = free_port()
        self.start()

    def start(self):
        self.proc = subprocess.Popen([BINARY, *self.command, "--data", self.data, "--www", os.path.join(ROOT, "www"), "--port", str(self.port), *self.extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        self.url = line[line.index("http://"):].split()[0].rstrip("/")

    def kill(self):
        self.proc.kill()
        self.proc.wait(10)

    def api(self, method, path, body=None, login=None):
        headers = {"Content-Type": "application/json"}
        if login:
            headers["Cookie"], headers["X-CSRF-Token"] = login
        req = urllib.request.Request(self.url + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
        with urllib.request.urlopen(req) as r:
            text = r.read().decode()
            return json.loads(text) if text else None, r.headers

    def login(self):
        answer, headers = self.api("POST", "/api/auth/login", {"username": "quanly", "password": "mat-khau-dai"})
        return headers["Set-Cookie"].split(";")[0], answer["csrfToken"]

    def cli(self, *args, stdin=None):
        return subprocess.run([BINARY, *args, "--data", self.data], input=stdin, text=True, capture_output=True, check=True)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture
def daemon():
    d = Daemon()
    d.cli("user", "add", "quanly", "--role", "manager", "--password-stdin", stdin="mat-khau-dai\n")
    yield d
    d.stop()


@pytest.fixture
def association():
    d = Daemon(command=("association", "serve"))
    d.cli("user", "add", "quanly", "--role", "manager", "--password-stdin", stdin="mat-khau-dai\n")
    yield d
    d.stop()


@pytest.fixture
def browser():
    yield from make_browser("1366,768")


@pytest.fixture
def kiosk_browser():
    yield from make_browser("1280,800")


@pytest.fixture
def faraway_browser():
    """A browser whose machine thinks it is in Los Angeles: the pages must still speak the centre's time."""
    yield from make_browser("1366,768", env={**os.environ, "TZ": "America/Los_Angeles"})


def make_browser(size, env=None):
    options = Options()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={size}", "--lang=vi"]:
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver", env=env), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


def centre_now():
    """Now at the centre: the pages and the daemon count days in its zone, not the machine's."""
    import datetime, zoneinfo
    return datetime.datetime.now(zoneinfo.ZoneInfo(CENTRE_ZONE))


def class_running_now(before_minutes, length_minutes):
    """A class running now and started today (the kiosk takes only today's classes): it began
    `before_minutes` ago, or at midnight when that was earlier, so that a run just after midnight
    passes too. Days are the centre's (Asia/Ho_Chi_Minh), whatever the machine's TZ. Returns its start
    and end as ISO 8601 with the centre's offset."""
    import datetime
    now = centre_now()
    start = max(now - datetime.timedelta(minutes=before_minutes), now.replace(hour=0, minute=0, second=0, microsecond=0))
    end = start + datetime.timedelta(minutes=length_minutes)
    return start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")


def screenshot(driver, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    driver.save_screenshot(os.path.join(ARTIFACTS, name + ".png"))


def click(browser, by, value, timeout=10):
    """Clicks an element once it is clickable, looking it up again if the page drew it anew in
    between (a list redrawn when its data arrives): no dependence on how fast the machine is."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    def clicked(driver):
        try:
            element = EC.element_to_be_clickable((by, value))(driver)
            if not element:
                return False
            element.click()
            return True
        except StaleElementReferenceException:
            return False
    WebDriverWait(browser, timeout).until(clicked)
