"""Activities in the console (文娱活动, Anhui §5.3.2.5): station staff put an activity with one
place on the calendar, book two elders — the second waits, number 1 — cancel the first's
booking and see the second take the place, take the second's attendance, and find the
activity with its list at the street; a second booking of the same elder is refused and
changes nothing."""
from datetime import datetime, timedelta, timezone

from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase


def cst(moment):
    """A datetime-local value in China Standard Time."""
    return moment.astimezone(timezone(timedelta(hours=8))).strftime("%Y-%m-%dT%H:%M")


class ActivityTests(ConsoleTestCase):
    def test_a_station_books_past_the_places_and_a_cancellation_moves_the_waiting_list_up(self):
        fed = context.federation()
        community = fed.code("community")
        street = fed.code("street")
        fed.add_user(community, "t-activity", "stationStaff", PASSWORD)
        _, elders = fed.api(community, "GET", "/elders?limit=2")
        first, second = elders["items"][0], elders["items"][1]

        page = self.browser()
        page.open(fed.urls[community])
        page.sign_in("t-activity", PASSWORD, "elders")
        page.driver.execute_script("location.hash = '#/activities'")
        form = page.find("#activity-form form")
        form.find_element("css selector", '[data-path="title"]').send_keys("测试棋牌友谊赛")
        Select(form.find_element("css selector", '[data-path="category"]')).select_by_value("games")
        form.find_element("css selector", '[data-path="place"]').send_keys("服务站棋牌室")
        now = datetime.now(timezone.utc)
        page.driver.execute_script("arguments[0].value = arguments[1]", form.find_element("css selector", '[data-path="startsAt"]'), cst(now + timedelta(minutes=30)))
        page.driver.execute_script("arguments[0].value = arguments[1]", form.find_element("css selector", '[data-path="endsAt"]'), cst(now + timedelta(minutes=120)))
        form.find_element("css selector", '[data-path="capacity"]').send_keys("1")
        form.find_element("css selector", '[data-path="organiser"]').send_keys("社区老年协会")
        page.click(form.find_element("css selector", "button[type=submit]"))
        page.until("the activity on the calendar", lambda: "测试棋牌友谊赛" in page.text("#activity-table"), timeout=10)
        page.until("its list open", lambda: "测试棋牌友谊赛" in page.text("#activity-detail h3"), timeout=10)

        def book(elder):
            search = page.find("#booking-form #elder-search")
            search.clear()
            search.send_keys(elder["name"])
            page.click(page.until("the elder among the results", lambda: next((o for o in page.all(".finder-option") if o.get_attribute("data-id") == elder["id"]), None)))
            page.click(page.find("#book"))

        def row(elder):
            return next((r for r in page.all("#booking-table tbody tr") if r.get_attribute("data-elder") == elder["id"]), None)

        # The list redraws after each change: a row is looked up once per check, never twice.
        def standing(elder):
            found = row(elder)
            return found.get_attribute("data-standing") if found is not None else None

        def text(elder):
            found = row(elder)
            return found.text if found is not None else ""

        def attendance(elder):
            found = row(elder)
            return found.find_element("css selector", "td.attendance").text if found is not None else ""

        def button(elder, css):
            def found():
                held = row(elder)
                return next(iter(held.find_elements("css selector", css)), None) if held is not None else None
            return page.until(f"{css} on the row", found)

        book(first)
        page.until("the first has the place", lambda: standing(first) == "confirmed", timeout=10)
        book(second)
        page.until("the second waits, number 1", lambda: standing(second) == "waiting"
                   and "候补第1位" in text(second), timeout=10)
        activity_id = page.find("#activity-table tbody tr").get_attribute("data-id")
        _, held = fed.api(community, "GET", f"/activities/{activity_id}")
        self.assertEqual(len(held["bookings"]), 2)

        page.expect(f"/api/v1/activities/{activity_id}/bookings", 422)
        book(second)
        page.until("the second booking refused", lambda: "该老人已预约此活动" in page.text("body"), timeout=10)
        self.assertEqual(len(fed.api(community, "GET", f"/activities/{activity_id}")[1]["bookings"]), 2, "a refused booking wrote something")

        page.click(button(first, "button.cancel-booking"))
        page.until("the second takes the place", lambda: standing(second) == "confirmed"
                   and standing(first) == "cancelled", timeout=10)
        page.click(button(second, "button.attend"))
        page.until("the attendance shown", lambda: attendance(second) != "", timeout=10)
        self.assertIn("1 / 1", page.text("#activity-table"))
        page.until("the figures", lambda: "1" in page.text("#figures-table"))

        fed.wait_for("the list at the street", lambda: fed.api(street, "GET", f"/activities/{activity_id}")[0] == 200
                     and [b["standing"] for b in fed.api(street, "GET", f"/activities/{activity_id}")[1]["bookings"]] == ["confirmed", "cancelled"])
        self.assertEqual(page.errors(), [])
        page.screenshot("activities-done")
