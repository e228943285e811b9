"""Taking attendance and closing a session in the manager pages, then the learner's IT hours."""
import datetime, json, urllib.request
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from conftest import class_running_now, click, screenshot
from test_manage import log_in


def test_take_attendance_and_close(daemon, browser):
    login = daemon.login()
    village, _ = daemon.api("POST", "/api/villages", {"name": "Thôn Đồi Thông"}, login)
    lan, _ = daemon.api("POST", "/api/learners", {"fullName": "Nguyễn Thị Lan", "gender": "female", "birthYear": 1958, "villageId": village["id"]}, login)
    hung, _ = daemon.api("POST", "/api/learners", {"fullName": "Lê Văn Hùng", "gender": "male", "birthYear": 1961, "villageId": village["id"]}, login)
    starts, ends = class_running_now(20, 120)
    session, _ = daemon.api("POST", "/api/sessions", {
        "title": "Tin học: dùng Zalo an toàn", "category": "it", "place": "Phòng máy", "startsAt": starts, "endsAt": ends}, login)
    daemon.api("POST", "/api/kiosk/check-ins", {"learnerId": lan["id"], "sessionId": session["id"]})

    log_in(browser, daemon)
    browser.get(daemon.url + "/manage/#/sessions")
    click(browser, By.LINK_TEXT, session["title"])
    row = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, f'tr[data-learner="{lan["id"]}"]')))
    assert "Nguyễn Thị Lan" in row.text
    browser.find_element(By.ID, "attendance-search").send_keys("hung")
    click(browser, By.CSS_SELECTOR, f'button[data-add="{hung["id"]}"]')
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, f'tr[data-learner="{hung["id"]}"]')))
    lan_row = browser.find_element(By.CSS_SELECTOR, f'tr[data-learner="{lan["id"]}"]')
    lan_row.find_element(By.CSS_SELECTOR, "input.hours").send_keys("1")
    lan_row.find_element(By.CSS_SELECTOR, 'input[aria-label="Lý do sửa giờ"]').send_keys("về sớm")
    screenshot(browser, "manage-attendance")
    browser.find_element(By.ID, "close-session").click()
    WebDriverWait(browser, 10).until(EC.alert_is_present()).accept()  # the class has not ended yet: asked first
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "session-status"), "Đã kết thúc"))
    sheet, _ = daemon.api("GET", f"/api/sessions/{session['id']}/attendance", None, login)
    hours = {line["learnerId"]: line["creditedHours"] for line in sheet["items"]}
    assert hours == {lan["id"]: 1, hung["id"]: 2}
    browser.get(daemon.url + f"/manage/#/learners/{hung['id']}")
    panel = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "hours")))
    assert "tin học: 2 giờ" in panel.text
    screenshot(browser, "manage-learner-hours")
    printable = urllib.request.Request(daemon.url + f"/api/sessions/{session['id']}/sheet", headers={"Cookie": login[0]})
    with urllib.request.urlopen(printable) as r:
        text = r.read().decode()
    assert "DANH SÁCH ĐIỂM DANH" in text and "Ký tên" in text and "Lê Văn Hùng" in text
