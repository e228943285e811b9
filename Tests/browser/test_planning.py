"""The manager plans a month of IT classes as a weekly series, sees them on the calendar, takes
attendance, closes each session and sees every learner's IT hours; today's page shows who is in;
a second session in the same room is saved with a warning; the T7 page counts an officer."""
import datetime
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.webdriver.support import expected_conditions as EC
from conftest import click, centre_now, screenshot
from test_manage import log_in


def set_value(browser, element, value):
    """Date and time inputs take their value the way a person's picker would set it."""
    browser.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", element, value)


def fill_session(browser, title, date, start, end, place, count=None, instructor=None):
    form = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "session-form")))
    form.find_element(By.NAME, "title").send_keys(title)
    Select(form.find_element(By.NAME, "category")).select_by_value("it")
    set_value(browser, form.find_element(By.NAME, "date"), date)
    set_value(browser, form.find_element(By.NAME, "startsAt"), start)
    set_value(browser, form.find_element(By.NAME, "endsAt"), end)
    form.find_element(By.NAME, "place").send_keys(place)
    if instructor:
        # Typing a name offers the matching learners; choosing one records who taught.
        name, year = instructor
        field = form.find_element(By.NAME, "instructor")
        field.send_keys(name)
        WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, f'#instructor-choices option[value="{name} ({year})"]')))
        field.send_keys(f" ({year})")
    if count:
        field = form.find_element(By.NAME, "count")
        field.clear()
        field.send_keys(str(count))
    return form


def test_plan_a_month_of_it_classes_take_attendance_and_see_hours(daemon, browser):
    login = daemon.login()
    village, _ = daemon.api("POST", "/api/villages", {"name": "Thôn Bãi Sậy"}, login)
    people = {}
    for name, year, officer in [("Nguyễn Thị Lan", 1958, True), ("Lê Văn Hùng", 1961, False)]:
        person, _ = daemon.api("POST", "/api/learners", {"fullName": name, "gender": "other", "birthYear": year,
                                                         "villageId": village["id"], "isAssociationOfficer": officer}, login)
        people[name] = person

    log_in(browser, daemon)
    # Four Tuesdays ending this week or the last: every class of the month has been held.
    today = centre_now().date()
    first = today - datetime.timedelta(days=21 + (today.weekday() - 1) % 7)
    browser.get(daemon.url + f"/manage/#/sessions/new?date={first.isoformat()}")
    form = fill_session(browser, "Tin học: điện thoại thông minh", first.isoformat(), "08:00", "10:00", "Phòng máy", count=4,
                        instructor=("Nguyễn Thị Lan", 1958))
    screenshot(browser, "manage-session-editor")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    calendar = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "calendar")))
    assert "month" in calendar.get_attribute("class")
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "notice"), "4 buổi"))
    screenshot(browser, "manage-calendar-month")
    sessions, _ = daemon.api("GET", f"/api/sessions?from={first.isoformat()}&to={today.isoformat()}", None, login)
    series = [s for s in sessions["items"] if s["title"] == "Tin học: điện thoại thông minh"]
    assert len(series) == 4 and len({s["seriesId"] for s in series}) == 1
    assert all(s["instructorId"] == people["Nguyễn Thị Lan"]["id"] and s["instructor"] == "Nguyễn Thị Lan" for s in series)
    assert [s["startsAt"][:10] for s in series] == [(first + datetime.timedelta(weeks=k)).isoformat() for k in range(4)]

    # Attendance and closing, session by session, from the week calendar.
    for s in series:
        browser.get(daemon.url + f"/manage/#/sessions?view=week&date={s['startsAt'][:10]}")
        chip = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, f'.chip[data-session="{s["id"]}"]')))
        chip.find_element(By.TAG_NAME, "a").click()
        for name, query in [("Nguyễn Thị Lan", "lan"), ("Lê Văn Hùng", "hung")]:
            search = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "attendance-search")))
            search.send_keys(query)
            click(browser, By.CSS_SELECTOR, f'button[data-add="{people[name]["id"]}"]')
            WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, f'tr[data-learner="{people[name]["id"]}"]')))
        browser.find_element(By.ID, "close-session").click()
        WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "session-status"), "Đã kết thúc"))
    closed, _ = daemon.api("GET", f"/api/session-series/{series[0]['seriesId']}", None, login)
    assert all(s["status"] == "closed" and not s["awaitingClose"] and s["attendeeCount"] == 2 for s in closed["items"])

    month_hours = sum(2 for s in series if s["startsAt"][:4] == str(today.year))
    for name in people:
        browser.get(daemon.url + f"/manage/#/learners/{people[name]['id']}")
        WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), name))
        # The page is drawn anew for each learner: the locator is looked up again until it shows.
        WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "hours"), f"tin học: {month_hours} giờ"))
    screenshot(browser, "manage-learner-year")

    # A second class in the same room at the same time is saved, with a warning that stays.
    browser.get(daemon.url + f"/manage/#/sessions/new?date={first.isoformat()}")
    form = fill_session(browser, "Luật giao thông", first.isoformat(), "09:00", "11:00", "phòng máy")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "notice"), "Tin học: điện thoại thông minh"))
    assert "warned" in browser.find_element(By.ID, "notice").get_attribute("class")

    # Today: who is in now.
    daemon.api("POST", "/api/kiosk/check-ins", {"learnerId": people["Lê Văn Hùng"]["id"], "purpose": "reading"})
    browser.get(daemon.url + "/manage/#/today")
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.ID, "present"), "Lê Văn Hùng"))
    screenshot(browser, "manage-today")

    # T7: the officer took part and has IT hours.
    browser.get(daemon.url + f"/manage/#/officers?year={today.year}")
    t7 = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "t7")))
    counted = 1 if month_hours >= 4 else 0
    assert f"{counted}/1 cán bộ hội đạt" in t7.text
    screenshot(browser, "manage-officers")
