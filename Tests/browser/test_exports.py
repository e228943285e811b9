"""The manager sends the records to the association: exports a bundle, sees it listed with its
status, is told plainly when an address is wrong, and chooses what personal data leaves."""
import urllib.request
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from conftest import click, screenshot
from test_manage import log_in


def test_the_manager_exports_and_sees_each_bundle(daemon, browser):
    daemon.cli("demo")
    log_in(browser, daemon)
    browser.get(daemon.url + "/manage/#/exports")
    click(browser, By.ID, "export-now")
    WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#exports tbody tr")) == 1)
    row = browser.find_element(By.CSS_SELECTOR, "#exports tbody tr")
    assert "Sẵn sàng" in row.text and "Toàn bộ" in row.text, row.text
    assert "Chưa gửi" in row.text, "no address and no USB yet: " + row.text
    assert row.find_element(By.LINK_TEXT, "Tải về").get_attribute("href").endswith("/bundle.tar.gz")

    # A wrong address is refused beside its field.
    form = browser.find_element(By.ID, "export-settings")
    address = form.find_element(By.NAME, "pushUrl")
    browser.execute_script("arguments[0].type = 'text'", address)
    address.send_keys("hoi-khuyen-hoc")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#export-settings .field-error")))
    assert "http://" in browser.find_element(By.CSS_SELECTOR, "#export-settings .field-error").text

    # The commune's name and the phone column are saved; the next bundle is the changes only.
    address.clear()
    form.find_element(By.NAME, "communeName").clear()
    form.find_element(By.NAME, "communeName").send_keys("xã Tân Lập")
    form.find_element(By.CSS_SELECTOR, "input[value=phone]").click()
    # Who signs the association's yearly report, and where it goes (one recipient a line).
    form.find_element(By.NAME, "associationChair").send_keys("Hoàng Thị Mai")
    form.find_element(By.NAME, "reportRecipients").send_keys("UBND xã Tân Lập\nHội Khuyến học tỉnh Lạng Sơn\n")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "notice"), "Đã lưu"))
    login = daemon.login()
    settings, _ = daemon.api("GET", "/api/settings", None, login)
    assert settings["communeName"] == "xã Tân Lập" and settings["learnerColumns"] == ["phone"] and settings["pushUrl"] is None
    assert settings["associationChair"] == "Hoàng Thị Mai" and settings["associationName"] is None
    assert settings["reportRecipients"] == ["UBND xã Tân Lập", "Hội Khuyến học tỉnh Lạng Sơn"] and settings["reportDeadline"] == "11-15"
    browser.find_element(By.ID, "export-now").click()
    WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#exports tbody tr")) == 2)
    assert "Phần thay đổi" in browser.find_element(By.CSS_SELECTOR, "#exports tbody tr").text
    screenshot(browser, "manage-exports")


def test_the_association_registers_a_centre_and_receives_its_nightly_push(daemon, association, browser):
    daemon.cli("demo")
    printed = daemon.cli("export", "--print-public-key").stdout.splitlines()
    centre_id, key = printed[0].split()[-1], printed[1].split()[-1]
    log_in(browser, association)
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, 'a[href="#/centres"]').is_displayed())
    assert not browser.find_element(By.CSS_SELECTOR, 'a[href="#/exports"]').is_displayed(), "the association exports nothing"
    browser.get(association.url + "/manage/#/centres")
    form = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "register-centre")))
    form.find_element(By.NAME, "name").send_keys("TTHTCĐ Minh Họa")
    form.find_element(By.NAME, "id").send_keys(centre_id)
    form.find_element(By.NAME, "publicKey").send_keys(key[:-4])
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#register-centre .field-error")))
    assert "base64" in browser.find_element(By.CSS_SELECTOR, "#register-centre .field-error").text
    key_field = browser.find_element(By.CSS_SELECTOR, "#register-centre input[name=publicKey]")
    key_field.clear()
    key_field.send_keys(key)
    browser.find_element(By.CSS_SELECTOR, "#register-centre button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "centres")))

    # The centre's nightly export pushes to the association's address.
    centre_login = daemon.login()
    daemon.api("PATCH", "/api/settings", {"pushUrl": association.url}, centre_login)
    pushed = daemon.cli("export")
    assert "đã gửi gói" in pushed.stdout, pushed.stdout
    browser.refresh()
    WebDriverWait(browser, 10).until(lambda d: "TTHTCĐ Minh Họa" in d.find_element(By.ID, "centres").text)
    row = browser.find_element(By.CSS_SELECTOR, "#centres tbody tr")
    cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
    assert cells[1] == "1", cells
    centre_dashboard, _ = daemon.api("GET", "/api/reports/dashboard", None, centre_login)
    association_dashboard, _ = association.api("GET", "/api/reports/dashboard", None, association.login())
    assert association_dashboard["targets"] == centre_dashboard["targets"], "one centre: the commune's targets are the centre's"
    browser.get(association.url + "/manage/#/dashboard")
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#targets .target")) == 10)
    screenshot(browser, "association-dashboard")

    # The association writes the yearly report: its chair signs it; it names the centre it sums.
    browser.get(association.url + "/manage/#/centres")
    form = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "report-settings")))
    form.find_element(By.NAME, "associationChair").send_keys("Hoàng Thị Mai")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: "Đã lưu" in d.find_element(By.ID, "notice").text)
    cookie, _ = association.login()
    request = urllib.request.Request(association.url + "/api/reports/annual", headers={"Cookie": cookie})
    report = urllib.request.urlopen(request).read().decode()
    assert "Hoàng Thị Mai" in report and "Số liệu tổng hợp từ 1 trung tâm học tập cộng đồng: TTHTCĐ Minh Họa." in report
