"""Alert thresholds in the console: on a hypertensive elder's health record the station sees
each measure's bounds and where they come from, sets the elder's own (a bad band explained
beside its box, nothing written), removes it again, and the health screen lists the county's
defaults and the risk reminders."""
from selenium.webdriver.common.by import By

import context
from test_console import PASSWORD, ConsoleTestCase, check_digit


class ThresholdTests(ConsoleTestCase):
    def test_a_station_sets_and_removes_an_elders_own_threshold(self):
        fed = context.federation()
        community = fed.code("community")
        fed.add_user(community, "t-threshold", "stationStaff", PASSWORD)
        body = "420107" + "19410512" + "471"
        status, elder = fed.api(community, "POST", "/elders", {
            "home": community, "name": "测试阈值陈桂英", "gender": "female", "birthDate": "1941-05-12",
            "citizenId": body + check_digit(body), "address": {"text": "青山区红钢城9号"}, "livingSituation": "alone",
            "abilityLevel": 1, "emergencyContacts": [{"name": "陈强", "relation": "儿子", "phone": "13912345671"}]})
        self.assertEqual(status, 201, elder)
        status, _ = fed.api(community, "POST", f"/elders/{elder['id']}/conditions", {"disease": "hypertension"})
        self.assertEqual(status, 201)

        page = self.browser()
        page.open(fed.urls[community])
        page.sign_in("t-threshold", PASSWORD, "elders")
        search = page.find('#screen-elders input[name="q"]')
        search.send_keys("测试阈值陈桂英")
        page.find("#screen-elders form.filter-bar button[type=submit]").click()
        page.until("the elder in the list", lambda: "测试阈值陈桂英" in page.text("#elder-table tbody"))
        page.click(page.all("#elder-table tbody tr")[0])
        row = '#threshold-table tr[data-measure="systolic"]'
        page.until("the thresholds", lambda: page.all(row))
        self.assertEqual(page.find(row).get_attribute("data-origin"), "condition")
        self.assertIn("150", page.text(row))
        self.assertIn("高血压", page.text(row))

        page.find(f'{row} button[data-action="edit"]').click()
        form = page.find("#threshold-form")
        low = form.find_element(By.CSS_SELECTOR, '[data-path="low"]')
        high = form.find_element(By.CSS_SELECTOR, '[data-path="high"]')
        low.clear()
        low.send_keys("140")
        high.clear()
        high.send_keys("130")
        page.expect(f"/api/v1/elders/{elder['id']}/thresholds/systolic", 422)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        error = page.find('#threshold-form [data-error-for="low"] span')
        self.assertIn("下限", error.text)
        status, view = fed.api(community, "GET", f"/elders/{elder['id']}/thresholds")
        systolic = next(t for t in view["thresholds"] if t["measure"] == "systolic")
        self.assertEqual(systolic["origin"], "condition", "the refused band was written")

        low.clear()
        low.send_keys("90")
        form.find_element(By.CSS_SELECTOR, '[data-path="note"]').send_keys("医嘱：控制在130以下")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        page.until("the elder's own threshold", lambda: page.all(f'{row}[data-origin="elder"]'))
        self.assertIn("130", page.text(row))
        page.screenshot("thresholds-own")

        page.find(f'{row} button[data-action="remove"]').click()
        page.until("the default again", lambda: page.all(f'{row}[data-origin="condition"]'))

        page.find("#elder-dialog .dialog-close").click()
        page.driver.execute_script("location.hash = '#/health'")
        page.until("the defaults table", lambda: page.all('#threshold-default-table tr[data-condition="hypertension"]'))
        page.until("the risk list", lambda: page.all("#risk-table") or page.all("#no-risks"))
        page.screenshot("health-thresholds-risks")
