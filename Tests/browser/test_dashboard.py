"""The dashboard, titles and yearly report of the demo commune in a real browser: the targets
against their marks, the list behind a number, recording a fact, and the report printed to PDF
by headless Chromium with its sections."""
import base64, datetime, io, shutil, subprocess, urllib.request, zipfile
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
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#targets .target")) == 10)
    t1 = dashboard["targets"][0]
    value = browser.find_element(By.CSS_SELECTOR, '#targets .target[data-code="T1"] .target-value')
    # Numbers the Vietnamese way: a decimal comma, a dot between thousands.
    assert value.text == f"{t1['numerator']}/{t1['denominator']} ({t1['percent']:g}%)".replace(".0%", "%").replace(".", ",")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#by-village tbody tr")) == len(dashboard["byVillage"])
    # The yearly report's deadline, as the server counts it in the centre's days; a warning once passed.
    deadline, _ = daemon.api("GET", "/api/reports/deadline", None, login)
    reminder = browser.find_element(By.ID, "report-deadline")
    assert reminder.text.startswith(deadline["message"]), reminder.text
    assert ("warning" in reminder.get_attribute("class")) == deadline["overdue"]
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
                    "III. Các danh hiệu được công nhận", "IV. Hoạt động của Hội Khuyến học", "V. Nhận xét, khó khăn, kiến nghị", "TM. BAN CHẤP HÀNH"]:
        assert section in text, section
    assert f"{t1['numerator']}/{t1['denominator']}" in text
    # The association's activities beside its sections, amounts the Vietnamese way (the demo raised 18,500,000 đồng).
    assert "Số liệu ghi nhận: 1 đợt vận động quỹ, tổng 18.500.000 đồng." in " ".join(text.split())
    assert "T10. Cán bộ, hội viên" in text
    # The signature never stands alone on its page: the remarks are printed with it (issue 15).
    pages = text.split("\f")
    last = [page for page in pages if page.strip()][-1]
    assert "TM. BAN CHẤP HÀNH" in last and "khó khăn, kiến nghị" in last, last

    # The workbook carries the same header, sections, recipients and signature (read with zipfile).
    request = urllib.request.Request(daemon.url + f"/api/reports/annual?year={year}&format=xlsx", headers={"Cookie": login[0]})
    with zipfile.ZipFile(io.BytesIO(urllib.request.urlopen(request, timeout=60).read())) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
        styles = book.read("xl/styles.xml").decode()
        workbook = book.read("xl/workbook.xml").decode()
    # Numbers stay numbers, with formats that group thousands and keep at most two decimals in the reader's locale.
    assert 'formatCode="#,##0"' in styles and 'formatCode="#,##0.0#"' in styles, styles
    assert 'name="Hoạt động của Hội"' in workbook and 'name="Công dân học tập"' in workbook
    assert "Lý do chưa đạt" in strings and "điểm (cần 80)" in strings
    for text in ["BÁO CÁO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "1. Công tác tuyên truyền", "Nơi nhận", "TM. BAN CHẤP HÀNH",
                 "Chưa có tên Chủ tịch Hội", f"Đánh giá (so với mục tiêu {2025 if year <= 2025 else 2030})"]:
        assert text in strings, text
