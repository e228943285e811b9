"""A province's association on PostgreSQL (`association serve --database`) in a real browser:
two centres of two communes imported into a throwaway cluster; the manager pages offer only
what that daemon serves, the province's targets by commune, then a commune's by village, and
a commune's titles; the list behind a commune's target; the province's report settings saved
and printed."""
import glob, os, shutil, sys, tempfile
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from conftest import BINARY, ROOT, Daemon, click, screenshot

sys.path.insert(0, os.path.join(ROOT, "scripts"))
from pg_cluster import Cluster, make_centre, run  # noqa: E402


@pytest.fixture(scope="module")
def province():
    root = tempfile.mkdtemp(prefix="lc-province-browser-")
    os.chmod(root, 0o755)
    os.mkdir(os.path.join(root, "pg"))
    cluster = Cluster(os.path.join(root, "pg"))
    try:
        work = os.path.join(root, "work")
        storage = ["--database", cluster.url, "--data", work, "--rulesets", os.path.join(ROOT, "rulesets")]
        for index in (1, 2):
            folder = os.path.join(root, f"centre{index}")
            centre, key = make_centre((BINARY, folder, index, 40))
            run([BINARY, "association", "register-centre", *storage, "--id", centre, "--key", key, "--name", f"Trung tâm xã số {index}"])
        run([BINARY, "association", "import", *storage, *sorted(glob.glob(os.path.join(root, "centre*/outbox/*.tar.gz")))])
        run([BINARY, "user", "add", "quanly", "--role", "manager", "--password-stdin", "--database", cluster.url, "--data", work],
            input="mat-khau-dai\n")
        daemon = Daemon(command=("association", "serve"), extra=("--database", cluster.url, "--rulesets", os.path.join(ROOT, "rulesets")))
        yield daemon
        daemon.stop()
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def test_the_provinces_pages_by_commune_then_village(province, browser):
    browser.get(province.url + "/manage/")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "username"))).send_keys("quanly")
    browser.find_element(By.NAME, "password").send_keys("mat-khau-dai")
    browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    # Straight to the province's dashboard: its targets, and a row for each commune.
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#by-commune tbody tr")) == 2)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#targets .target")) == 10
    shown = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#menu a") if a.is_displayed()]
    assert shown == ["Tổng quan", "Danh hiệu", "Các trung tâm"], shown
    assert not browser.find_elements(By.CSS_SELECTOR, "#targets a.target-value"), "no list behind a province's number"
    report = browser.find_element(By.CSS_SELECTOR, "#dashboard a.button[href^='/api/reports/annual']")
    assert report.text == "Báo cáo năm của tỉnh (in)" and not browser.find_elements(By.CSS_SELECTOR, "a[href*='format=xlsx']")
    screenshot(browser, "province-dashboard")

    # One commune: its villages, and the village picker.
    click(browser, By.CSS_SELECTOR, "#by-commune tbody tr:first-child a")
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#by-village tbody tr")) > 0)
    assert browser.find_element(By.CSS_SELECTOR, "#dashboard h1").text.endswith("Xã số 1")
    assert browser.find_element(By.NAME, "village").is_displayed()
    # A commune's number opens the list behind it: names only (the learners' pages are the centres').
    click(browser, By.CSS_SELECTOR, "#targets .target[data-code='T1'] a.target-value")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "target-list")))
    names = browser.find_elements(By.CSS_SELECTOR, "#target-list li")
    assert names and not browser.find_elements(By.CSS_SELECTOR, "#target-list a[href^='#/learners']"), "names without learners' pages"
    browser.back()
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#by-village tbody tr")) > 0)
    click(browser, By.CSS_SELECTOR, "#by-village tbody tr:first-child a")
    WebDriverWait(browser, 10).until(lambda d: "village=" in d.current_url and not d.find_elements(By.ID, "by-village"))

    # Titles: a commune at a time; its facts shown as the centres recorded them.
    browser.get(province.url + "/manage/#/titles")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "commune")))
    assert not browser.find_elements(By.ID, "titles")
    browser.get(province.url + "/manage/#/titles?kind=community&commune=" + browser.find_elements(By.CSS_SELECTOR, "select[name=commune] option")[1].get_attribute("value"))
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#titles tbody tr")) > 0)
    assert not browser.find_elements(By.CSS_SELECTOR, "#titles input[type=checkbox]")

    # The centres: both, and the province's report settings (no commune, no deadline).
    browser.get(province.url + "/manage/#/centres")
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#centres tbody tr")) == 2)
    assert all("/" in cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#centres td.targets-met")), "each centre's targets met"
    form = browser.find_element(By.ID, "report-settings")
    assert not form.find_elements(By.NAME, "communeName") and not form.find_elements(By.NAME, "reportDeadline")
    form.find_element(By.NAME, "provinceName").send_keys("tỉnh Quảng Trị")
    form.find_element(By.NAME, "associationChair").send_keys("Lê Thị Hồng")
    click(browser, By.CSS_SELECTOR, "#report-settings button[type=submit]")
    WebDriverWait(browser, 10).until(lambda d: "Đã lưu" in d.find_element(By.ID, "notice").text)
    browser.get(province.url + "/api/reports/annual")
    header = browser.find_element(By.CSS_SELECTOR, "header .issuer").text
    assert "HỘI KHUYẾN HỌC TỈNH QUẢNG TRỊ" in header, header
    assert "Lê Thị Hồng" in browser.find_element(By.CSS_SELECTOR, ".signer").text
    browser.get(province.url + "/manage/#/centres")
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.NAME, "provinceName"))
    assert browser.find_element(By.NAME, "provinceName").get_attribute("value") == "tỉnh Quảng Trị"
    shown_error = browser.execute_script('const n = document.getElementById("notice"); return n.hidden || !n.classList.contains("bad") ? "" : n.textContent')
    assert not shown_error, shown_error
