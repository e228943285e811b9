"""The dashboard, titles and yearly report of the demo commune in a real browser: the targets
against their marks, the list behind a number, recording a fact, and the report printed to PDF
by headless Chromium with its sections."""
import base64, datetime, shutil, subprocess
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from conftest import ARTIFACTS, centre_now, screenshot
from test_manage import log_in


def test_dashboard_titles_and_the_yearly_report(daemon, browser):
    daemon.cli("demo")
    year = centre_now().year
    login = daemon.login()
    dashboard, _ = daemon.api("GET", f"/api/reports/dashboard?year={year}", None, login)
    log_in(browser, daemon)

    browser.get(daemon.url + "/manage/#/dashboard")
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#targets .target")) == 9)
    t1 = dashboard["targets"][0]
    value = browser.find_element(By.CSS_SELECTOR, '#targets .target[data-code="T1"] .target-value')
    assert value.text == f"{t1['numerator']}/{t1['denominator']} ({t1['percent']:g}%)".replace(".0%", "%")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#by-village tbody tr")) == len(dashboard["byVillage"])
    screenshot(browser, "manage-dashboard")

    # The list behind T1: as many counted households as the number says.
    value.click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "target-list")))
    counted = browser.find_elements(By.CSS_SELECTOR, "#target-list section:first-child li")
    assert len(counted) == t1["numerator"]

    # Titles: recording that a village has its branch changes its conditions.
    browser.get(daemon.url + "/manage/#/titles?kind=community")
    table = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "titles")))
    first = table.find_element(By.CSS_SELECTOR, "tbody tr")
    box = first.find_element(By.CSS_SELECTOR, "input[type=checkbox]")
    was = box.is_selected()
    box.click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "notice"), "Đã ghi"))
    # The page is drawn again from the server: the condition now reads as recorded.
    expected = "Không: thôn có chi hội khuyến học" if was else "✓ thôn có chi hội khuyến học"
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "#titles tbody tr .reasons"), expected))
    assert browser.find_element(By.CSS_SELECTOR, "#titles tbody tr input[type=checkbox]").is_selected() != was
    screenshot(browser, "manage-titles")

    # The yearly report, printed to PDF by Chromium.
    browser.get(daemon.url + f"/api/reports/annual?year={year}")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.TAG_NAME, "h1")))
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})["data"])
    path = f"{ARTIFACTS}/annual-report.pdf"
    with open(path, "wb") as f:
        f.write(pdf)
    assert pdf.startswith(b"%PDF")
    text = subprocess.run([shutil.which("pdftotext") or "/usr/bin/pdftotext", "-layout", path, "-"],
                          capture_output=True, text=True, check=True).stdout
    for section in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                    "I. Kết quả thực hiện các chỉ tiêu", "II. Hoạt động học tập theo lĩnh vực",
                    "III. Các danh hiệu được công nhận", "IV. Nhận xét, kiến nghị", "GIÁM ĐỐC TRUNG TÂM"]:
        assert section in text, section
    assert f"{t1['numerator']}/{t1['denominator']}" in text
    # The signature never stands alone on its page: the remarks are printed with it (issue 15).
    pages = text.split("\f")
    last = [page for page in pages if page.strip()][-1]
    assert "GIÁM ĐỐC TRUNG TÂM" in last and "Nhận xét, kiến nghị" in last, last
