"""Fixtures for the real-browser tests: a daemon on a free port with its own data, and Chromium."""
import json, os, shutil, socket, subprocess, tempfile, time, urllib.request
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("LC_BINARY", os.path.join(ROOT, ".build", "debug", "learning-centre"))
ARTIFACTS = os.environ.get("LC_ARTIFACTS", os.path.join(ROOT, "test-artifacts"))


class Daemon:
    def __init__(self):
        self.data = tempfile.mkdtemp(prefix="lc-browser-")
        self.proc = subprocess.Popen([BINARY, "serve", "--data", self.data, "--www", os.path.join(ROOT, "www"), "--port", "0"],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        self.url = line[line.index("http://"):].split()[0].rstrip("/")

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
def browser():
    options = Options()
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,768", "--lang=vi"]:
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def screenshot(driver, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    driver.save_screenshot(os.path.join(ARTIFACTS, name + ".png"))
