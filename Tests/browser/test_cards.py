"""Printed learner cards (issue 15): every name whole, left of the QR code, measured in Chromium
on the demo commune's names and on long ones; ten cards on an A4 page (PDF)."""
import base64, os, subprocess
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from conftest import ARTIFACTS
from test_manage import log_in

LONG_NAMES = ["Nguyễn Hồng Ánh", "Tôn Nữ Hoàng Khánh Huyền", "Nguyễn Thị Phương Thảo Nguyên", "Lương Công Đức", "Hoàng Thị Mỹ Phượng",
              "Trương Nguyễn Thanh Hương Giang", "Phùng Văn Khương", "Nông Thị Huyền Trang", "Vương Đình Khoa", "Huỳnh Ngọc Tường Vy",
              "Mường Thanh Wủng", "Nguyễn Phước Bửu Thành Long", "Lê Nguyễn Minh Khôi", "Đặng Thị Xuân Hường", "Ưng Hoàng Phúc",
              "Nguyễn Thị Minh Khai", "Quàng Văn Mườn", "Bế Thị Nguyệt Ánh", "Giàng A Páo", "Vàng Thị Mỷ"]

MEASURE = """
return [...document.querySelectorAll('.card svg')].map((svg) => {
  const names = [...svg.querySelectorAll('text.name')];
  const right = Math.max(...names.map((t) => { const b = t.getBBox(); return b.x + b.width; }));
  return [names.map((t) => t.textContent).join(' '), right, names.length];
});
"""


def measure(browser, url):
    browser.get(url)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".card svg")))
    return browser.execute_script(MEASURE)


def test_every_name_prints_whole_and_ten_cards_fill_a_page(daemon, browser):
    daemon.cli("demo")
    login = daemon.login()
    village, _ = daemon.api("POST", "/api/villages", {"name": "Thôn Tên Dài"}, login)
    for k, name in enumerate(LONG_NAMES):
        daemon.api("POST", "/api/learners", {"fullName": name, "gender": "other", "birthYear": 1950 + k, "villageId": village["id"],
                                             "confirmDistinct": True}, login)
    log_in(browser, daemon)
    villages, _ = daemon.api("GET", "/api/villages?limit=500", None, login)
    cards = []
    for v in villages["items"]:
        cards += measure(browser, daemon.url + f"/api/cards?village={v['id']}")
    assert len(cards) >= 300
    overflowing = [(name, round(right, 2)) for name, right, _ in cards if right > 41.5]
    assert overflowing == [], overflowing  # the QR code (its white margin) begins at 42 mm
    # Every word of every name is on the card (nothing cut, nothing dropped).
    names = {name for name, _, _ in cards}
    assert all(n in names for n in LONG_NAMES), sorted(set(LONG_NAMES) - names)
    assert max(lines for _, _, lines in cards) <= 3

    # Twenty cards print on two A4 pages.
    browser.get(daemon.url + f"/api/cards?village={village['id']}")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".card svg")))
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, "cards-a4.pdf")
    with open(path, "wb") as f:
        f.write(base64.b64decode(pdf["data"]))
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == 2, info


MEASURE_BOXES = """
return [...document.querySelectorAll('.card svg')].map((svg) => {
  const qr = svg.querySelector('g').getBoundingClientRect();
  const names = [...svg.querySelectorAll('text.name')];
  const boxes = names.map((t) => t.getBoundingClientRect());
  const below = [...svg.querySelectorAll('text:not(.name)')].map((t) => t.getBoundingClientRect()).filter((r) => r.top > boxes[0].top);
  return { name: names.map((t) => t.textContent).join(' '), lines: names.length,
           overQr: Math.max(...boxes.map((b) => b.right)) - qr.left,
           overNext: Math.max(...boxes.map((b) => b.bottom)) - Math.min(...below.map((r) => r.top)),
           outside: Math.max(...boxes.map((b) => b.right)) - svg.getBoundingClientRect().right };
});
"""


def test_ten_thousand_generated_names_print_whole(daemon, browser, tmp_path):
    """10,000 generated names, imported as a manager would (CSV), printed by village: every
    name whole (its words all there), its text box left of the QR code's box and above the
    village line, at most three lines."""
    from vietnamese_names import names
    login = daemon.login()
    villages = [daemon.api("POST", "/api/villages", {"name": f"Thôn {k + 1:02d}"}, login)[0] for k in range(25)]
    generated = names(10_000)
    path = tmp_path / "learners.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("fullName,gender,birthYear,village\n")
        for k, name in enumerate(generated):
            f.write(f"{name},other,{1930 + k % 80},{villages[k % 25]['name']}\n")
    daemon.cli("import", "learners", str(path), "--skip-bad")
    log_in(browser, daemon)
    cards = []
    for village in villages:
        browser.get(daemon.url + f"/api/cards?village={village['id']}")
        WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".card svg")))
        cards += browser.execute_script(MEASURE_BOXES)
    assert len(cards) >= 9_900  # a few are refused as likely duplicates of each other
    printed = {card["name"] for card in cards}
    missing = [name for name in set(generated) if name not in printed]
    assert len(missing) <= 100, missing[:10]  # only those the import held back as duplicates
    bad = [card for card in cards if card["overQr"] > 0 or card["overNext"] > 0 or card["outside"] > 0 or card["lines"] > 3]
    assert bad == [], bad[:10]
