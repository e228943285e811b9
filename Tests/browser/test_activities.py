"""The association's activities (issue 17): a briefing of a whole village's officers and members
is logged in a few interactions, and target T10 follows."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from selenium.common.exceptions import StaleElementReferenceException
from conftest import centre_now, screenshot
from test_manage import log_in


def test_a_villages_officers_and_members_are_briefed_in_a_few_interactions(daemon, browser):
    login = daemon.login()
    village, _ = daemon.api("POST", "/api/villages", {"name": "Thôn Nà Pàn"}, login)
    other, _ = daemon.api("POST", "/api/villages", {"name": "Thôn Khuổi Mực"}, login)
    def learner(name, where, **flags):
        body = {"fullName": name, "gender": "female", "birthYear": 1968, "villageId": where["id"], **flags}
        return daemon.api("POST", "/api/learners", body, login)[0]["id"]
    briefed = {learner("Hoàng Văn Sáng", village, isAssociationOfficer=True), learner("Lý Thị Hoa", village, isAssociationMember=True),
               learner("Vi Thị Nhung", village, isAssociationMember=True)}
    learner("Nông Văn Tài", village)  # not in the association: not added
    far = learner("Đàm Thị Lụa", other, isAssociationMember=True)

    log_in(browser, daemon)
    browser.get(daemon.url + "/manage/#/activities")
    form = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "activity-form")))
    assert "0/4" in browser.find_element(By.ID, "t10").text
    interactions = 0
    # The kind is a briefing, the date today and the title the usual one: pick the village,
    # add its officers and members, save.
    Select(form.find_element(By.NAME, "villageId")).select_by_visible_text("Thôn Nà Pàn"); interactions += 1
    form.find_element(By.ID, "add-village").click(); interactions += 1
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "participant-count").text == "3 người tham gia")
    # One more by name, from another village.
    search = form.find_element(By.NAME, "participant-search")
    search.send_keys("Lụa"); interactions += 1
    WebDriverWait(browser, 10).until(EC.element_to_be_clickable((By.XPATH, "//*[@id='participant-results']/button[contains(., 'Đàm Thị Lụa')]"))).click()
    interactions += 1
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "participant-count").text == "4 người tham gia")
    screenshot(browser, "manage-activity-briefing")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click(); interactions += 1
    # The page draws itself again once saved: read it afresh until it has.
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: "4/4" in d.find_element(By.ID, "t10").text)
    assert interactions <= 12

    year = centre_now().year
    listed, _ = daemon.api("GET", f"/api/activities?year={year}", None, login)
    [activity] = listed["items"]
    assert activity["kind"] == "briefing" and activity["date"] == centre_now().date().isoformat()
    assert set(activity["participantIds"]) == briefed | {far} and activity["villageId"] == village["id"]
    row = browser.find_element(By.CSS_SELECTOR, f'#activities tr[data-id="{activity["id"]}"]')
    assert centre_now().strftime("%d/%m/%Y") in row.text and "Học tập, quán triệt kế hoạch" in row.text

    # Funds raised: the amount shows the Vietnamese way; a future date is refused beside its field.
    form = browser.find_element(By.ID, "activity-form")
    Select(form.find_element(By.NAME, "kind")).select_by_value("fundraising")
    assert form.find_element(By.NAME, "title").get_attribute("value") == "Vận động ủng hộ Quỹ khuyến học"
    amount = form.find_element(By.NAME, "amount")
    amount.send_keys("1250000")
    browser.execute_script("arguments[0].value = '2999-01-01'", form.find_element(By.NAME, "date"))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    error = WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#activity-form .field-error")))
    assert "còn ở tương lai" in error.text
    browser.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, "date"), centre_now().date().isoformat())
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: "1.250.000" in d.find_element(By.ID, "activity-summary").text)
