"""Self-registration at the kiosk, one question a screen (issue 15): ten taps plus the name at
the smallest kiosk, every step inside the screen at the four sizes, mistakes said in words on
the step they belong to, and a plain hint when no village is set up yet."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from test_kiosk import centre, open_kiosk, tap, type_on_screen, wait_screen  # noqa: F401 (fixture)
from test_kiosk_fit import SIZES, fits


def step(browser, name, timeout=10):
    WebDriverWait(browser, timeout).until(lambda d: d.find_element(By.ID, "screen").get_attribute("data-step") == name
                                          and d.find_element(By.ID, "screen").get_attribute("data-armed") == "true")


def problem(browser):
    return WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "reg-problem")).text


def walk_registration(b, village_id, at=lambda name: None, touch=None, until="consent"):
    """Answers the registration's questions (Ha Van Tu, 1949, male, the village, no phone), calling
    `at` on each step as it appears, up to the step `until`; sending is left to the caller."""
    touch = touch or (lambda css: tap(b, css))
    touch("#start-register")
    answers = [("name", None), ("year", None), ("gender", 'button[data-gender="male"]'),
               ("village", f'button[data-village="{village_id}"]'), ("phone", "#reg-skip"), ("consent", None)]
    for name, answer in answers:
        step(b, name)
        at(name)
        if name == until:
            return
        if name == "name":
            type_on_screen(b, "ha van tu")
            touch("#reg-next")
        elif name == "year":
            for digit in "1949":  # the fourth digit goes on by itself
                touch(f'.numpad button[data-key="{digit}"]')
        else:
            touch(answer)


def size_to(browser, size):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False})


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_registration_in_ten_taps_plus_the_name(daemon, kiosk_browser, centre, size):
    b = kiosk_browser
    login = centre["login"]
    for k in range(11):  # more villages than a screen holds at the smallest size (after Đồi Thông): the arrows show
        daemon.api("POST", "/api/villages", {"name": f"Thôn Xóm {k + 1}"}, login)
    size_to(b, size)
    open_kiosk(b, daemon)
    taps = 0

    def touch(css):
        nonlocal taps
        tap(b, css)
        taps += 1

    def at(name):
        fits(b, "register-" + name, size)
        if name == "village" and size == (800, 480):
            assert len(b.find_elements(By.CSS_SELECTOR, "#villages button")) == 6
            assert b.find_element(By.ID, "villages-down").is_displayed()

    walk_registration(b, centre["village"]["id"], at, touch)
    assert "HA VAN TU" in b.find_element(By.CSS_SELECTOR, '[data-edit="name"]').text.upper()
    assert "1949" in b.find_element(By.CSS_SELECTOR, '[data-edit="year"]').text
    touch("#reg-send")
    wait_screen(b, "done")
    fits(b, "register-done", size)
    assert taps == 10
    pending, _ = daemon.api("GET", "/api/registrations", None, login)
    assert [(r["fullName"].lower(), r["birthYear"], r["gender"], r["villageId"], r["phone"]) for r in pending["items"]] == \
        [("ha van tu", 1949, "male", centre["village"]["id"], None)]


def test_registration_mistakes_in_words_on_their_step(daemon, kiosk_browser, centre):
    b = kiosk_browser
    size_to(b, (800, 480))
    open_kiosk(b, daemon)
    tap(b, "#start-register")
    step(b, "name")
    tap(b, "#reg-next")
    step(b, "name")
    said = problem(b)
    assert "họ và tên" in said and '"' not in said and "fullName" not in said
    type_on_screen(b, "lo thi mai")
    tap(b, "#reg-next")
    step(b, "year")
    for digit in "1850":
        tap(b, f'.numpad button[data-key="{digit}"]')
    step(b, "year")
    assert "1850" in problem(b) and "4 số" in problem(b)
    assert b.find_element(By.ID, "reg-birthYear").text == ""
    for digit in "1962":
        tap(b, f'.numpad button[data-key="{digit}"]')
    step(b, "gender")
    tap(b, "#back")  # back goes to the question before, the year still there
    step(b, "year")
    assert b.find_element(By.ID, "reg-birthYear").text == "1962"


def test_no_villages_says_why_and_who_helps(daemon, kiosk_browser):
    b = kiosk_browser
    login = daemon.login()
    daemon.api("PATCH", "/api/settings", {"kioskOpensAt": "00:00", "kioskClosesAt": "00:00"}, login)
    size_to(b, (800, 480))
    open_kiosk(b, daemon)
    walk_registration(b, None, until="village")
    hint = b.find_element(By.ID, "reg-no-villages").text
    assert "chưa nhập danh sách thôn" in hint and "Nhờ cán bộ giúp" in hint
    fits(b, "register-no-villages", (800, 480))
