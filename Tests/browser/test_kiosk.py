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
    wait_armed(browser)


def wait_armed(browser, timeout=10):
    """A new screen takes no touch for half a second (a double tap's second touch must not land on it)."""
    WebDriverWait(browser, timeout).until(lambda d: d.find_element(By.ID, "screen").get_attribute("data-armed") == "true")


def tap(browser, css, timeout=10):
    """Touches a control once its screen takes touches."""
    element = WebDriverWait(browser, timeout).until(EC.element_to_be_clickable((By.CSS_SELECTOR, css)))
    wait_armed(browser, timeout)
    element.click()


def type_on_screen(browser, letters):
    wait_armed(browser)
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
    wait_armed(browser, timeout)


def test_search_and_check_in(daemon, kiosk_browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    screenshot(b, "kiosk-start")
    # Every action on the first screen carries a picture.
    assert len(b.find_elements(By.CSS_SELECTOR, "#screen .choices button svg.icon")) == 3
    b.find_element(By.ID, "start-in").click()
    type_on_screen(b, "lan ng")
    person = pick_person(b, centre["lan"]["id"])
    assert "Nguyễn Thị Lan" in person.text and "1958" in person.text and "Thôn Đồi Thông" in person.text
    screenshot(b, "kiosk-search")
    person.click()
    wait_screen(b, "choose")
    screenshot(b, "kiosk-choose")
    tap(b, f'button[data-session="{centre["session"]["id"]}"]')
    wait_screen(b, "done")
    # Success without reading: a tick, the colour of success, a short chime (the manager may turn it off).
    assert b.find_element(By.ID, "done-tick").is_displayed()
    assert b.execute_script("return getComputedStyle(document.getElementById('done')).backgroundColor") == "rgb(232, 245, 236)"
    assert b.execute_script("return document.body.dataset.chimed") == "1"
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
    tap(b, "#start-in")
    type_on_screen(b, "ng")                                   # someone was typing when the scan came
    ActionChains(b).send_keys(centre["lan"]["cardCode"] + "\n").perform()   # a scanner: the code, then Enter
    tap(b, 'button[data-purpose="reading"]')
    wait_screen(b, "done")
    assert b.find_element(By.ID, "done-name").text == "Nguyễn Thị Lan"
    tap(b, "#done button")
    wait_screen(b, "start")
    tap(b, "#start-out")
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


def test_a_slow_reader_keeps_the_screen_is_warned_then_it_resets(daemon, kiosk_browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    tap(b, "#start-in")
    type_on_screen(b, "lan")
    # Twelve seconds later the typed name is still there, with no warning yet.
    time.sleep(12)
    assert b.find_element(By.ID, "screen").get_attribute("data-screen") == "find"
    assert b.find_element(By.ID, "query").text == "lan"
    assert not b.find_element(By.ID, "idle-warning").is_displayed()
    # Before it resets, the screen says so; a touch gives the time back and keeps the name.
    warning = WebDriverWait(b, 60).until(EC.visibility_of_element_located((By.ID, "idle-warning")))
    assert "còn ở đây không" in warning.text
    screenshot(b, "kiosk-idle-warning")
    ActionChains(b).move_to_element(warning).click().perform()
    WebDriverWait(b, 5).until(EC.invisibility_of_element_located((By.ID, "idle-warning")))
    assert b.find_element(By.ID, "query").text == "lan"
    # Left alone on a screen without typing, it warns and then goes back to the start.
    pick_person(b, centre["lan"]["id"]).click()
    wait_screen(b, "choose")
    WebDriverWait(b, 60).until(EC.visibility_of_element_located((By.ID, "idle-warning")))
    wait_screen(b, "start", timeout=30)
    assert not b.find_element(By.ID, "idle-warning").is_displayed()


def test_markup_in_a_name_is_text(daemon, kiosk_browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    tap(b, "#start-in")
    type_on_screen(b, "minh")
    person = pick_person(b, centre["marked"]["id"])
    assert "<img src=x" in person.text
    assert b.find_elements(By.CSS_SELECTOR, "#results img, #results b") == []


def test_daemon_down_is_said_in_plain_words(daemon, kiosk_browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    daemon.kill()
    tap(b, "#start-in")
    type_on_screen(b, "la")
    banner = WebDriverWait(b, 10).until(EC.visibility_of_element_located((By.ID, "offline")))
    assert "mất kết nối" in banner.text and "máy chủ" not in banner.text.lower()
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


def touch(browser, element=None, point=None):
    """A real finger: touchStart and touchEnd through Chromium's input pipeline (CDP), at the
    centre of `element` or at `point`."""
    if element is not None:
        rect = browser.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];", element)
        point = (rect[0], rect[1])
    x, y = point
    browser.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    browser.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    return point


@pytest.mark.parametrize("size", [(1280, 800), (1024, 600)])
def test_a_ghost_double_tap_records_nothing(daemon, kiosk_browser, centre, size):
    """Two taps 250 ms apart on a name: the first opens the choices, the second lands on whatever
    the next screen put there, and must do nothing."""
    b = kiosk_browser
    b.set_window_size(*size)
    b.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    open_kiosk(b, daemon)
    touch(b, b.find_element(By.ID, "start-in"))
    wait_screen(b, "find")
    type_on_screen(b, "lan ng")
    person = pick_person(b, centre["lan"]["id"])
    point = touch(b, person)
    time.sleep(0.25)
    touch(b, point=point)
    wait_screen(b, "choose")
    time.sleep(1)
    assert b.find_element(By.ID, "screen").get_attribute("data-screen") == "choose"
    today, _ = daemon.api("GET", "/api/today", None, centre["login"])
    assert today["present"] == [], today["present"]
    # A double tap on "Điểm danh vào" types nothing into the name box either.
    tap(b, "#back")
    wait_screen(b, "start")
    point = touch(b, b.find_element(By.ID, "start-in"))
    time.sleep(0.25)
    touch(b, point=point)
    wait_screen(b, "find")
    time.sleep(0.6)
    assert b.find_element(By.ID, "query").text == ""


def test_a_second_scan_checks_out_in_one_tap(daemon, kiosk_browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    card = centre["lan"]["cardCode"]
    ActionChains(b).send_keys(card + "\n").perform()
    wait_screen(b, "choose")
    tap(b, 'button[data-purpose="reading"]')
    wait_screen(b, "done")
    tap(b, "#done button")
    wait_screen(b, "start")
    # Leaving: the same card again offers "Ra về" first, saying what she is in.
    ActionChains(b).send_keys(card + "\n").perform()
    wait_screen(b, "inside")
    assert "Đọc sách" in b.find_element(By.ID, "inside-what").text
    first = b.find_elements(By.CSS_SELECTOR, "#screen .choices button")[0]
    assert first.get_attribute("id") == "inside-out"
    screenshot(b, "kiosk-inside")
    tap(b, "#inside-out")
    wait_screen(b, "done")
    assert "ra về" in b.find_element(By.ID, "done").text
    today, _ = daemon.api("GET", "/api/today", None, centre["login"])
    assert today["present"] == []


def test_asking_for_help_shows_on_todays_page(daemon, kiosk_browser, browser, centre):
    b = kiosk_browser
    open_kiosk(b, daemon)
    ActionChains(b).send_keys(centre["lan"]["cardCode"] + "\n").perform()
    wait_screen(b, "choose")
    tap(b, "#help")
    said = WebDriverWait(b, 10).until(EC.visibility_of_element_located((By.ID, "help-said")))
    assert "Đã báo cán bộ" in said.text
    screenshot(b, "kiosk-help")
    from test_manage import log_in
    log_in(browser, daemon)
    help_list = WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.ID, "help")))
    assert "Nguyễn Thị Lan" in help_list.text
    help_list.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(browser, 10).until(lambda d: not d.find_elements(By.ID, "help"))
