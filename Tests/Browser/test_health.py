"""The health record in the console: a station enters a check-up (a bad value explained beside
its box, nothing written; then saved with its abnormal flags and BMI), registers a chronic
condition, and the check-up reaches the county."""
import time
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase, check_digit


class HealthRecordTests(ConsoleTestCase):
    def test_a_station_enters_a_checkup_and_a_condition_and_the_county_sees_the_checkup(self):
        fed = context.federation()
        community = fed.code("community")
        county = fed.code("county")
        fed.add_user(community, "t-health", "stationStaff", PASSWORD)
        body = "420107" + "19400312" + "468"
        status, elder = fed.api(community, "POST", "/elders", {
            "home": community, "name": "测试周桂芳", "gender": "female", "birthDate": "1940-03-12",
            "citizenId": body + check_digit(body), "address": {"text": "青山区红钢城8号"}, "livingSituation": "alone",
            "abilityLevel": 1, "emergencyContacts": [{"name": "周强", "relation": "儿子", "phone": "13912345670"}]})
        self.assertEqual(status, 201, elder)

        page = self.browser()
        page.open(fed.urls[community])
        page.sign_in("t-health", PASSWORD, "elders")
        search = page.find('#screen-elders input[name="q"]')
        search.send_keys("测试周桂芳")
        page.find("#screen-elders form.filter-bar button[type=submit]").click()
        page.until("the elder in the list", lambda: "测试周桂芳" in page.text("#elder-table tbody"))
        page.click(page.all("#elder-table tbody tr")[0])
        page.find("#elder-dialog #health-record #new-checkup").click()

        form = page.find("#checkup-form")
        form.find_element(By.CSS_SELECTOR, '[data-path="place"]').send_keys("青山区社区卫生服务站")
        systolic = form.find_element(By.CSS_SELECTOR, '[data-path="results.systolic"]')
        systolic.send_keys("400")
        form.find_element(By.CSS_SELECTOR, '[data-path="results.weight"]').send_keys("60")
        form.find_element(By.CSS_SELECTOR, '[data-path="results.height"]').send_keys("160")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="results.urineProtein"]')).select_by_value("negative")
        page.expect(f"/api/v1/elders/{elder['id']}/checkups", 422)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        error = page.find('#checkup-form [data-error-for="results.systolic"] span')
        self.assertIn("收缩压", error.text)
        self.assertEqual(systolic.get_attribute("aria-invalid"), "true")
        status, record = fed.api(community, "GET", f"/elders/{elder['id']}/health")
        self.assertEqual(record["checkups"], [], "the refused check-up was written")

        systolic.clear()
        systolic.send_keys("152")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        page.until("the check-up in the record", lambda: "收缩压" in page.text("#checkup-table"))
        systolic_row = page.find('#checkup-table li[data-item="systolic"]')
        self.assertIn("异常", systolic_row.text)
        self.assertIn("152 mmHg", systolic_row.text)
        self.assertIn("23.4", page.text('#checkup-table li[data-item="bmi"]'))
        self.assertNotIn("异常", page.text('#checkup-table li[data-item="urineProtein"]'))

        page.find("#new-condition").click()
        condition = page.find("#condition-form")
        Select(condition.find_element(By.CSS_SELECTOR, '[data-path="disease"]')).select_by_value("diabetesType2")
        condition.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        page.until("the condition in the record", lambda: "2型糖尿病" in page.text("#condition-table"))
        self.assertIn("90", page.text("#condition-table"))

        fed.wait_for("the check-up at the county", lambda: fed.api(county, "GET", f"/elders/{elder['id']}/health")[1]["checkups"])
        page.driver.execute_script("location.hash = '#/health'")
        page.until("the follow-up list", lambda: page.all("#screen-health") and not page.all("main .loading"))
        page.screenshot("health-follow-ups")
