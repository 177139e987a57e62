"""The time bank in the console: a station opens a volunteer's ledger (the balance folded from
the hours credited at an activity), a redemption that would overdraw is refused beside its box
and writes nothing, and a redemption within the balance shows in the ledger with the new balance."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase


class TimeBankTests(ConsoleTestCase):
    def test_a_station_redeems_hours_from_a_volunteers_ledger(self):
        fed = context.federation()
        community = fed.code("community")
        fed.add_user(community, "t-timebank", "stationStaff", PASSWORD)
        status, volunteer = fed.api(community, "POST", "/volunteers", {
            "name": "测试志愿者周玉兰", "phone": "13987654321", "community": community, "skills": ["companionship", "meals"]})
        self.assertEqual(status, 201, volunteer)
        self.assertEqual(volunteer["phone"], "139****4321")
        status, activity = fed.api(community, "POST", "/volunteer-activities", {
            "title": "测试助餐送餐", "date": "2026-03-02", "place": "社区长者食堂", "minutes": 60, "capacity": 5})
        self.assertEqual(status, 201, activity)
        for step in ("signups", "attendance"):
            status, body = fed.api(community, "POST", f"/volunteer-activities/{activity['id']}/{step}", {"volunteerId": volunteer["id"]})
            self.assertEqual(status, 201, body)
        status, elders = fed.api(community, "GET", "/elders?limit=1")
        elder = elders["items"][0]
        status, order = fed.api(community, "POST", "/orders", {"elderId": elder["id"], "category": "meals", "channel": "phone"})
        self.assertEqual(status, 201, order)

        page = self.browser()
        page.open(fed.urls[community])
        page.sign_in("t-timebank", PASSWORD, "elders")
        page.driver.get(fed.urls[community] + f"/console/#/timebank/{volunteer['id']}")
        page.until("the ledger", lambda: "测试志愿者周玉兰" in page.text("#ledger"))
        balance = page.find("#ledger-balance")
        self.assertEqual(balance.get_attribute("data-minutes"), "60")
        self.assertIn("1小时0分钟", balance.text)
        self.assertIn("测试助餐送餐", page.text("#ledger-table"))
        self.assertIn("139****4321", page.text("#ledger"))

        form = page.find("#redeem-form form")
        minutes = form.find_element(By.CSS_SELECTOR, '[data-path="minutes"]')
        minutes.send_keys("90")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="orderId"]')).select_by_value(order["id"])
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="relation"]')).select_by_value("family")
        page.expect(f"/api/v1/volunteers/{volunteer['id']}/redeem", 422)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        error = page.find('#redeem-form [data-error-for="minutes"] span')
        self.assertIn("60", error.text)
        status, ledger = fed.api(community, "GET", f"/volunteers/{volunteer['id']}/ledger")
        self.assertEqual([e["kind"] for e in ledger["entries"]], ["earn"], "the refused redemption was written")

        minutes.clear()
        minutes.send_keys("45")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        page.until("the new balance", lambda: page.find("#ledger-balance").get_attribute("data-minutes") == "15")
        self.assertIn("15分钟", page.text("#ledger-balance"))
        rows = page.all("#ledger-table tbody tr")
        self.assertEqual([row.get_attribute("data-kind") for row in rows], ["earn", "redeem"])
        self.assertEqual(page.errors(), [])
