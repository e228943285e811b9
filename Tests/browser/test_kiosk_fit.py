"""Every kiosk screen fits the touchscreens cheap kiosks have, without scrolling: every control
inside the viewport at 800×480, 1024×600, 1280×800 and 1920×1080, names shown three at a time
with big arrows on the smallest (issue 15). Screenshots of each screen at each size are kept in
test-artifacts/ to be looked at."""
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from conftest import screenshot
from test_kiosk import centre, open_kiosk, tap, type_on_screen, wait_screen  # noqa: F401 (fixture)

SIZES = [(800, 480), (1024, 600), (1280, 800), (1920, 1080)]

OUTSIDE = """
const w = window.innerWidth, h = window.innerHeight;
return [...document.querySelectorAll('#screen button, #screen input, #screen output, #screen h1, #screen p')]
  .filter((e) => e.getClientRects().length > 0)
  .map((e) => [e.id || e.dataset.key || e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
  .filter(([, r]) => r.left < -1 || r.top < -1 || r.right > w + 1 || r.bottom > h + 1)
  .map(([name, r]) => `${name} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
"""


def fits(browser, name, size):
    outside = browser.execute_script(OUTSIDE)
    screenshot(browser, f"kiosk-{name}-{size[0]}x{size[1]}")
    assert outside == [], f"{name} at {size}: {outside}"
    small = browser.execute_script("""return [...document.querySelectorAll('#screen button')].filter((b) => b.getClientRects().length)
        .map((b) => b.getBoundingClientRect()).filter((r) => r.height < 47.5 || r.width < 47.5).length""")
    assert small == 0, f"{name} at {size}: {small} buttons smaller than 48 px"


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_fits_without_scrolling(daemon, kiosk_browser, centre, size):
    b = kiosk_browser
    for k in range(10):  # more namesakes than a page holds on any screen: the arrows show
        daemon.api("POST", "/api/learners", {"fullName": f"Nguyễn Văn Nam {k}", "gender": "male", "birthYear": 1950 + k,
                                             "villageId": centre["village"]["id"], "confirmDistinct": True}, centre["login"])
    b.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": False})
    open_kiosk(b, daemon)
    fits(b, "start", size)
    tap(b, "#start-in")
    type_on_screen(b, "nguyen")
    WebDriverWait(b, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results button.person")) >= 3
                               and d.find_element(By.ID, "results-down").is_displayed())
    fits(b, "find", size)
    if size == (800, 480):
        assert len(b.find_elements(By.CSS_SELECTOR, "#results button")) == 3
        tap(b, "#results-down")
        assert len(b.find_elements(By.CSS_SELECTOR, "#results button")) == 3
    def scan(code):
        ActionChains(b).send_keys(code + "\n").perform()

    def then(screen):
        wait_screen(b, screen)
        fits(b, screen, size)

    card = centre["lan"]["cardCode"]
    tap(b, "#back")
    wait_screen(b, "start")
    scan(card)
    then("choose")
    tap(b, 'button[data-purpose="reading"]')
    then("done")
    tap(b, "#done button")
    wait_screen(b, "start")
    scan(card)
    then("inside")
    tap(b, "#back")
    wait_screen(b, "start")
    scan("LCNOTACARD")
    then("problem")
