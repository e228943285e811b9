"""axe-core on every kiosk screen and every manager page (issue 15): no serious or critical
finding. The kiosk's `user-scalable=no` stays (a kiosk must not be pinched out of its frame; its
type is already large and scales with the screen), so the kiosk alone skips `meta-viewport`.
Every finding, minor ones too, is written to test-artifacts/axe-*.json to be read."""
import json, os
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from conftest import ARTIFACTS
from test_kiosk import centre, open_kiosk, tap, type_on_screen, wait_screen  # noqa: F401 (fixture)
from test_kiosk_register import walk_registration
from test_manage import log_in

AXE = os.environ.get("LC_AXE") or os.path.join(os.path.dirname(__file__), "../../.build/axe/axe.min.js")

RUN = """
const [skip, done] = [arguments[0], arguments[arguments.length - 1]];
axe.run(document, { resultTypes: ["violations"], rules: Object.fromEntries(skip.map((id) => [id, { enabled: false }])) })
  .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                              nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }))))
  .catch((e) => done([{ id: "axe-error", impact: "critical", help: String(e), nodes: [] }]));
"""


def axe_source():
    assert os.path.exists(AXE), f"axe-core is missing at {AXE}: run `make test-deps` (scripts/fetch-axe.sh)"
    with open(AXE, encoding="utf-8") as f:
        return f.read()


def check(browser, name, skip=()):
    browser.set_script_timeout(60)
    if not browser.execute_script("return typeof axe !== 'undefined'"):
        browser.execute_script(axe_source())
    found = browser.execute_async_script(RUN, list(skip))
    os.makedirs(ARTIFACTS, exist_ok=True)
    with open(os.path.join(ARTIFACTS, f"axe-{name}.json"), "w", encoding="utf-8") as f:
        json.dump(found, f, ensure_ascii=False, indent=1)
    bad = [v for v in found if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{name}: {json.dumps(bad, ensure_ascii=False, indent=1)}"


KIOSK_SKIP = ("meta-viewport",)


def test_every_kiosk_screen(daemon, kiosk_browser, centre):
    b = kiosk_browser
    b.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1024, "height": 600, "deviceScaleFactor": 1, "mobile": False})
    open_kiosk(b, daemon)
    check(b, "kiosk-start", KIOSK_SKIP)
    tap(b, "#start-in")
    type_on_screen(b, "nguyen")
    WebDriverWait(b, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results button.person"))
    check(b, "kiosk-find", KIOSK_SKIP)
    tap(b, "#back")
    wait_screen(b, "start")
    card = centre["lan"]["cardCode"]
    ActionChains(b).send_keys(card + "\n").perform()
    wait_screen(b, "choose")
    check(b, "kiosk-choose", KIOSK_SKIP)
    tap(b, 'button[data-purpose="reading"]')
    wait_screen(b, "done")
    check(b, "kiosk-done", KIOSK_SKIP)
    tap(b, "#done button")
    wait_screen(b, "start")
    ActionChains(b).send_keys(card + "\n").perform()
    wait_screen(b, "inside")
    check(b, "kiosk-inside", KIOSK_SKIP)
    tap(b, "#back")
    wait_screen(b, "start")
    ActionChains(b).send_keys("LCNOTACARD\n").perform()
    wait_screen(b, "problem")
    check(b, "kiosk-problem", KIOSK_SKIP)
    tap(b, "#screen .nav button")
    wait_screen(b, "start")
    walk_registration(b, centre["village"]["id"], lambda name: check(b, "kiosk-register-" + name, KIOSK_SKIP))
    b.find_element(By.ID, "help").click()
    WebDriverWait(b, 10).until(EC.visibility_of_element_located((By.ID, "help-said")))
    check(b, "kiosk-help-said", KIOSK_SKIP)


def test_every_manager_page(daemon, browser):
    daemon.cli("demo")
    login = daemon.login()
    learners, _ = daemon.api("GET", "/api/learners?limit=1", None, login)
    sessions, _ = daemon.api("GET", "/api/sessions?limit=1", None, login)
    learner, session = learners["items"][0]["id"], sessions["items"][0]["id"]
    browser.get(daemon.url + "/manage/")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "username")))
    check(browser, "manage-login")
    log_in(browser, daemon)
    pages = [a.get_attribute("href").split("#", 1)[1] for a in browser.find_elements(By.CSS_SELECTOR, "#menu a") if a.is_displayed()]
    pages += [f"/learners/{learner}", "/learners/new", f"/sessions/{session}", f"/sessions/{session}/edit", "/sessions/new",
              "/villages/new", "/scores", "/rulesets"]
    for page in pages:
        browser.get(f"{daemon.url}/manage/#{page}")
        browser.refresh()
        WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#view > *") and not d.find_elements(By.CSS_SELECTOR, "#view .loading"))
        assert "Không có trang này" not in browser.find_element(By.ID, "view").text, page
        check(browser, "manage" + page.replace("/", "-").replace("?", "-").replace("=", "-")[:60])
    # The check can fail: an image without words and a field without a label are found.
    browser.execute_script("""document.getElementById('view').append(Object.assign(document.createElement('img'), {src: '/x.png'}),
                                                                      document.createElement('input'))""")
    with pytest.raises(AssertionError) as found:
        check(browser, "manage-broken-on-purpose")
    assert "image-alt" in str(found.value) and "label" in str(found.value)
