"""The manager sends the records to the association: exports a bundle, sees it listed with its
status, is told plainly when an address is wrong, and chooses what personal data leaves."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from conftest import screenshot
from test_manage import log_in


def test_the_manager_exports_and_sees_each_bundle(daemon, browser):
    daemon.cli("demo")
    log_in(browser, daemon)
    browser.get(daemon.url + "/manage/#/exports")
    WebDriverWait(browser, 10).until(EC.element_to_be_clickable((By.ID, "export-now"))).click()
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
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "notice"), "Đã lưu"))
    login = daemon.login()
    settings, _ = daemon.api("GET", "/api/settings", None, login)
    assert settings["communeName"] == "xã Tân Lập" and settings["learnerColumns"] == ["phone"] and settings["pushUrl"] is None
    browser.find_element(By.ID, "export-now").click()
    WebDriverWait(browser, 30).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#exports tbody tr")) == 2)
    assert "Phần thay đổi" in browser.find_element(By.CSS_SELECTOR, "#exports tbody tr").text
    screenshot(browser, "manage-exports")
