"""The manager pages in a real browser: log in, register a learner, see the duplicate warning,
find the learner without diacritics, manage a village; markup in names stays text."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from selenium.common.exceptions import StaleElementReferenceException
from conftest import screenshot


def log_in(browser, daemon):
    browser.get(daemon.url + "/manage/")
    user = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "username")))
    assert not browser.find_element(By.ID, "menu").is_displayed()
    user.send_keys("quanly")
    browser.find_element(By.NAME, "password").send_keys("mat-khau-dai")
    screenshot(browser, "manage-login")
    browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "today")))
    assert browser.find_element(By.ID, "menu").is_displayed()


def add_village(browser, name):
    browser.get(browser.current_url.split("#")[0] + "#/villages/new")
    field = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#group-form input[name=name]")))
    field.send_keys(name)
    browser.find_element(By.CSS_SELECTOR, "#group-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "groups")))


def register(browser, name, year, village):
    browser.get(browser.current_url.split("#")[0] + "#/learners/new")
    # From a learner's page the old form (same id) stays until the new one is drawn: wait for
    # the new form itself, else a field found in the old one goes stale under our fingers.
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(lambda d: any(
        b.text == "Đăng ký" for b in d.find_elements(By.CSS_SELECTOR, "#learner-form button[type=submit]")))
    browser.find_element(By.NAME, "fullName").send_keys(name)
    Select(browser.find_element(By.NAME, "gender")).select_by_visible_text("Nữ")
    browser.find_element(By.NAME, "birthYear").send_keys(str(year))
    Select(browser.find_element(By.NAME, "villageId")).select_by_visible_text(village)
    browser.find_element(By.CSS_SELECTOR, "#learner-form button[type=submit]").click()


def test_register_search_and_duplicate_warning(daemon, browser):
    log_in(browser, daemon)
    add_village(browser, "Thôn Đồi Thông")
    assert "Thôn Đồi Thông" in browser.find_element(By.ID, "groups").text
    register(browser, "Nguyễn Thị Lan", 1958, "Thôn Đồi Thông")
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Nguyễn Thị Lan"))
    register(browser, "NGUYEN THI LAN", 1958, "Thôn Đồi Thông")
    warning = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "duplicate-warning")))
    assert "Nguyễn Thị Lan" in warning.text
    screenshot(browser, "manage-duplicate-warning")
    browser.get(daemon.url + "/manage/#/learners")
    search = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "q")))
    search.send_keys("lan nguyen")
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "learners"), "Nguyễn Thị Lan"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#learners tbody tr")
    assert len(rows) == 1
    screenshot(browser, "manage-learners")


def test_markup_in_a_name_is_shown_as_text(daemon, browser):
    log_in(browser, daemon)
    add_village(browser, "Thôn <b>Mới</b>")
    register(browser, "Lan <img src=x onerror=alert(1)>", 1970, "Thôn <b>Mới</b>")
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "<img"))
    assert browser.find_elements(By.CSS_SELECTOR, "h1 img") == []
    browser.get(daemon.url + "/manage/#/learners")
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "learners"), "<img src=x"))
    assert browser.find_elements(By.CSS_SELECTOR, "#learners img, #learners b") == []


def test_kiosk_registrations_waiting_are_counted_on_the_menu(daemon, browser):
    login = daemon.login()
    village, _ = daemon.api("POST", "/api/villages", {"name": "Thôn Nà Sài"}, login)
    for name in ["Lò Thị Én", "Quàng Văn Pọm"]:
        daemon.api("POST", "/api/kiosk/registrations", {"fullName": name, "birthYear": 1955, "villageId": village["id"], "consent": True})
    log_in(browser, daemon)
    badge = WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.ID, "pending-count")))
    assert badge.text == "2"
    screenshot(browser, "manage-pending-count")


def test_a_list_is_imported_from_a_csv_file(daemon, browser, tmp_path):
    login = daemon.login()
    daemon.api("POST", "/api/villages", {"name": "Thôn Nà Sài"}, login)
    path = tmp_path / "danh-sach.csv"
    path.write_text("Họ và tên,Giới tính,Năm sinh,Thôn\nLò Thị Én,Nữ,1955,Thôn Nà Sài\nQuàng Văn Pọm,Nam,3000,Thôn Nà Sài\n", encoding="utf-8")
    log_in(browser, daemon)
    browser.get(daemon.url + "/manage/#/learners")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#import summary"))).click()
    browser.find_element(By.CSS_SELECTOR, "#import input[type=file]").send_keys(str(path))
    browser.find_element(By.ID, "import-send").click()
    result = WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "import-result"), "Dòng 3"))
    text = browser.find_element(By.ID, "import-result").text
    assert "Chưa thêm ai" in text and "skipBad" in text and "3000" in text
    browser.find_element(By.CSS_SELECTOR, "#import input[name=skipBad]").click()
    browser.find_element(By.ID, "import-send").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "import-result"), "Đã thêm 1 người học"))
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "learners"), "Lò Thị Én"))


def test_a_page_left_before_its_answer_does_not_draw_over_the_next(daemon, browser):
    """A slow read of a page the user already left (a quick click elsewhere) is dropped: the page
    now shown stays. The learners' first read is held in the browser until the next page is up."""
    log_in(browser, daemon)
    browser.execute_script("""
        const send = window.fetch.bind(window);
        window.heldReads = []; window.holding = true; window.heldAnswered = 0;
        window.fetch = (url, options) => {
          if (!window.holding || !String(url).startsWith("/api/villages")) return send(url, options);
          return new Promise((resolve, reject) => window.heldReads.push(() =>
            send(url, options).then((answer) => { window.heldAnswered += 1; resolve(answer); }, reject)));
        };""")
    browser.get(daemon.url + "/manage/#/learners")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return window.heldReads.length") > 0)
    browser.execute_script("window.holding = false; location.hash = '#/today';")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "today")))
    browser.execute_script("window.heldReads.forEach((release) => release());")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return window.heldAnswered") > 0)
    # The old page would be drawn within a few tasks of its answer: give it a second to show up.
    browser.execute_async_script("const done = arguments[arguments.length - 1]; setTimeout(done, 1000);")
    assert browser.find_elements(By.ID, "today") and not browser.find_elements(By.ID, "learners")
