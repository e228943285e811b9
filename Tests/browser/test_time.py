"""Time in the manager pages (issue 14): a browser in another time zone still plans in the
centre's hours; a household move asks "from when, or typed wrong?" and keeps the history; the
yearly report is submitted as a numbered copy."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from conftest import centre_now, screenshot
from test_manage import log_in
from test_planning import fill_session


def test_a_browser_in_another_zone_plans_in_the_centres_hours(daemon, faraway_browser):
    b = faraway_browser
    assert b.execute_script("return Intl.DateTimeFormat().resolvedOptions().timeZone") == "America/Los_Angeles"
    log_in(b, daemon)
    year = centre_now().year
    b.get(daemon.url + f"/manage/#/sessions/new?date={year}-01-01")
    form = fill_session(b, "Thể dục dưỡng sinh đầu năm", f"{year}-01-01", "06:30", "08:30", "Sân nhà văn hóa")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(b, 10).until(EC.presence_of_element_located((By.ID, "calendar")))
    sessions, _ = daemon.api("GET", f"/api/sessions?from={year}-01-01&to={year}-01-01", None, daemon.login())
    assert [s["startsAt"] for s in sessions["items"]] == [f"{year}-01-01T06:30:00+07:00"]
    # "Today" on the pages is the centre's day, not Los Angeles'.
    b.get(daemon.url + "/manage/#/sessions/new")
    date = WebDriverWait(b, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#session-form input[name=date]")))
    assert date.get_attribute("value") == centre_now().date().isoformat()


def test_a_move_asks_from_when_and_keeps_the_history(daemon, browser):
    login = daemon.login()
    village, _ = daemon.api("POST", "/api/villages", {"name": "Thôn Khe Lim"}, login)
    old, _ = daemon.api("POST", "/api/households", {"name": "Hộ ông Tạ Văn Lành", "villageId": village["id"]}, login)
    new, _ = daemon.api("POST", "/api/households", {"name": "Hộ chị Tạ Thị Mơ", "villageId": village["id"]}, login)
    last = centre_now().year - 1
    mo, _ = daemon.api("POST", "/api/learners", {"fullName": "Tạ Thị Mơ", "gender": "female", "birthYear": 1990, "villageId": village["id"],
                                                  "householdId": old["id"], "registeredOn": f"{last}-03-01"}, login)
    log_in(browser, daemon)
    browser.get(daemon.url + f"/manage/#/learners/{mo['id']}")
    form = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "learner-form")))
    assert "01/03/" in browser.find_element(By.ID, "memberships").text
    Select(form.find_element(By.NAME, "householdId")).select_by_visible_text("Hộ chị Tạ Thị Mơ")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    ask = WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.ID, "change-how")))
    assert "Đây là" in ask.text
    screenshot(browser, "manage-move-or-correction")
    browser.find_element(By.ID, "change-move").click()
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#memberships tbody tr")) == 2)
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#memberships tbody tr")]
    assert "Hộ ông Tạ Văn Lành" in rows[0] and "Hộ chị Tạ Thị Mơ" in rows[1] and rows[1].split()[1] == "nay"
    screenshot(browser, "manage-membership-history")


def test_the_yearly_report_is_submitted_as_a_numbered_copy(daemon, browser):
    daemon.cli("demo")
    log_in(browser, daemon)
    browser.get(daemon.url + "/manage/#/years")
    row = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, f'#years tr[data-year="{centre_now().year}"]')))
    assert "chưa nộp" in row.text
    # The association writes its own sections first; the report prints them.
    row.find_element(By.XPATH, ".//button[normalize-space()='Viết các phần của Hội']").click()
    form = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "narrative")))
    form.find_element(By.NAME, "publicity").send_keys("Phát 12 bản tin trên loa truyền thanh xã.")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "notice"), "Đã lưu các phần"))
    login = daemon.login()
    assert daemon.api("GET", f"/api/reports/annual/{centre_now().year}/narrative", None, login)[0]["publicity"] == "Phát 12 bản tin trên loa truyền thanh xã."
    row = browser.find_element(By.CSS_SELECTOR, f'#years tr[data-year="{centre_now().year}"]')
    row.find_element(By.XPATH, ".//button[normalize-space()='Nộp báo cáo']").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element(
        (By.CSS_SELECTOR, f'#years tr[data-year="{centre_now().year}"]'), "Bản số 1"))
    screenshot(browser, "manage-years")
    years, _ = daemon.api("GET", "/api/years", None, daemon.login())
    assert years["items"][0]["submissions"][0]["number"] == 1
