"""The kiosk in a real browser: find yourself and check in, scan a card, check out, the idle
reset, the daemon-down message, and markup in a name shown as text."""
import datetime, time
import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from conftest import centre_now, class_running_now, screenshot


@pytest.fixture
def centre(daemon):
    """A village, a session open now and two learners; the screen on at any hour (the same
    opening and closing time), so that the tests do not depend on the time they run at."""
    login = daemon.login()
    daemon.api("PATCH", "/api/settings", {"kioskOpensAt": "00:00", "kioskClosesAt": "00:00"}, login)
    village, _ = daemon.api("POST", "/api/villages", {"name": "Thôn Đồi Thông"}, login)
    starts, ends = class_running_now(10, 90)
    session, _ = daemon.api("POST", "/api/sessions", {
        "title": "Tin học cơ bản", "category": "it", "place": "Phòng máy", "startsAt": starts, "endsAt": ends}, login)
    lan, _ = daemon.api("POST", "/api/learners", {"fullName": "Nguyễn Thị Lan", "gender": "female", "birthYear": 1958,
                                                  "villageId": village["id"]}, login)
    marked, _ = daemon.api("POST", "/api/learners", {"fullName": "Lò <b>Văn</b> <img src=x onerror=alert(1)> Minh", "gender": "male",
                                                     "birthYear": 1970, "villageId": village["id"]}, login)
    return {"login": login, "village": village, "session": session, "lan": lan, "marked": marked}


def open_kiosk(browser, daemon):
    browser.get(daemon.url + "/kiosk/")
    WebDriverWait(browser, 10).until(EC.element_to_be_clickable((By.ID, "start-in")))


def type_on_screen(browser, letters):
    for letter in letters:
        key = "space" if letter == " " else letter.upper()
        browser.find_element(By.CSS_SELECTOR, f'.keyboard button[data-key="{key}"]').click()


def pick_person(browser, learner_id, timeout=10):
    """Waits until the typed query has been answered, then touches the learner (the list may be
    redrawn while letters are still being answered, so a stale element is looked up again)."""
    typed = browser.find_element(By.ID, "query").text
    def ready(d):
        try:
            if d.find_element(By.ID, "query").text != typed:
                return False
            button = d.find_element(By.CSS_SELECTOR, f'button[data-id="{learner_id}"]')
            return button if button.is_displayed() else False
        except (StaleElementReferenceException, Exception):
            return False
    for _ in range(3):
        try:
            return WebDriverWait(browser, timeout).until(ready)
        except StaleElementReferenceException:
            continue
    raise AssertionError("the learner never appeared in the results")


def wait_screen(browser, name, timeout=10):
    WebDriverWait(browser, timeout).until(lambda d: d.find_element(By.ID, "screen").get_attribute("data-screen") == name)


def test_search_and_check_in(daemon, kiosk_browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    screenshot(b, "kiosk-start")
    b.find_element(By.ID, "start-in").click()
    type_on_screen(b, "lan ng")
    person = pick_person(b, centre["lan"]["id"])
    assert "Nguyễn Thị Lan" in person.text and "1958" in person.text and "Thôn Đồi Thông" in person.text
    screenshot(b, "kiosk-search")
    person.click()
    session = WebDriverWait(b, 10).until(EC.element_to_be_clickable((By.CSS_SELECTOR, f'button[data-session="{centre["session"]["id"]}"]')))
    screenshot(b, "kiosk-choose")
    session.click()
    wait_screen(b, "done")
    assert b.find_element(By.ID, "done-name").text == "Nguyễn Thị Lan"
    assert "Tin học cơ bản" in b.find_element(By.ID, "done-what").text
    assert "1,5 giờ" in b.find_element(By.ID, "done-hours").text
    # Her learning-citizen points and, in plain words, what would raise them.
    assert "0/100" in b.find_element(By.ID, "done-progress").text
    assert b.find_element(By.ID, "done-next").text == "Cần thêm 4 lượt đọc sách."
    screenshot(b, "kiosk-done")


def test_scan_a_card_then_check_out(daemon, kiosk_browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    b.find_element(By.ID, "start-in").click()
    type_on_screen(b, "ng")                                   # someone was typing when the scan came
    ActionChains(b).send_keys(centre["lan"]["cardCode"] + "\n").perform()   # a scanner: the code, then Enter
    WebDriverWait(b, 10).until(EC.element_to_be_clickable((By.CSS_SELECTOR, 'button[data-purpose="reading"]'))).click()
    wait_screen(b, "done")
    assert b.find_element(By.ID, "done-name").text == "Nguyễn Thị Lan"
    b.find_element(By.CSS_SELECTOR, "#done button").click()
    wait_screen(b, "start")
    b.find_element(By.ID, "start-out").click()
    type_on_screen(b, "lan")
    pick_person(b, centre["lan"]["id"]).click()
    wait_screen(b, "done")
    assert "ra về" in b.find_element(By.ID, "done").text
    screenshot(b, "kiosk-checked-out")


def test_unknown_card_is_explained(daemon, kiosk_browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    ActionChains(b).send_keys("LCNOTACARD\n").perform()
    problem = WebDriverWait(b, 10).until(EC.presence_of_element_located((By.ID, "problem")))
    assert "Không nhận ra thẻ" in problem.text


def test_idle_returns_to_start(daemon, kiosk_browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    b.find_element(By.ID, "start-in").click()
    wait_screen(b, "find")
    wait_screen(b, "start", timeout=15)


def test_markup_in_a_name_is_text(daemon, kiosk_browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    b.find_element(By.ID, "start-in").click()
    type_on_screen(b, "minh")
    person = pick_person(b, centre["marked"]["id"])
    assert "<img src=x" in person.text
    assert b.find_elements(By.CSS_SELECTOR, "#results img, #results b") == []


def test_daemon_down_is_said_in_plain_words(daemon, kiosk_browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    daemon.kill()
    b.find_element(By.ID, "start-in").click()
    type_on_screen(b, "la")
    banner = WebDriverWait(b, 10).until(EC.visibility_of_element_located((By.ID, "offline")))
    assert "tạm dừng" in banner.text
    screenshot(b, "kiosk-offline")
    daemon.start()
    WebDriverWait(b, 20).until(EC.invisibility_of_element_located((By.ID, "offline")))
    wait_screen(b, "start")


def test_screen_goes_dark_outside_opening_hours_and_a_touch_wakes_it(daemon, kiosk_browser, centre):
    b = kiosk_browser
    now = centre_now()
    later = lambda hours: (now + datetime.timedelta(hours=hours)).strftime("%H:%M")
    daemon.api("PATCH", "/api/settings", {"kioskOpensAt": later(2), "kioskClosesAt": later(3)}, centre["login"])
    open_kiosk(b, daemon)
    sleep = WebDriverWait(b, 10).until(EC.visibility_of_element_located((By.ID, "sleep")))
    assert "Ngoài giờ mở cửa" in sleep.text and later(2) in sleep.text
    assert b.execute_script("return getComputedStyle(document.getElementById('sleep')).backgroundColor") == "rgb(0, 0, 0)"
    screenshot(b, "kiosk-asleep")
    # The touch that wakes the screen lands where "Điểm danh vào" is, and does nothing else.
    start_in = b.find_element(By.ID, "start-in")
    ActionChains(b).move_to_element(start_in).click().perform()
    WebDriverWait(b, 5).until(EC.invisibility_of_element_located((By.ID, "sleep")))
    assert b.find_element(By.ID, "screen").get_attribute("data-screen") == "start"
    b.find_element(By.ID, "start-in").click()
    wait_screen(b, "find")
    # Within the hours the screen never sleeps.
    daemon.api("PATCH", "/api/settings", {"kioskOpensAt": later(-1), "kioskClosesAt": later(1)}, centre["login"])
    open_kiosk(b, daemon)
    time.sleep(1)
    assert not b.find_element(By.ID, "sleep").is_displayed()
