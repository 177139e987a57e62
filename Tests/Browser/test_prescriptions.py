"""Health prescriptions in the console: a station's doctor issues one from the elder's health
record (a bad value explained beside its box, nothing written; then saved), the elder's
acknowledgement is recorded, and the county sees the prescription."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase, check_digit


class PrescriptionTests(ConsoleTestCase):
    def test_a_doctor_issues_a_prescription_and_the_elder_acknowledges_it(self):
        fed = context.federation()
        community = fed.code("community")
        county = fed.code("county")
        fed.add_user(community, "t-doctor", "stationStaff", PASSWORD)
        body = "420107" + "19410522" + "357"
        status, elder = fed.api(community, "POST", "/elders", {
            "home": community, "name": "测试胡秀英", "gender": "female", "birthDate": "1941-05-22",
            "citizenId": body + check_digit(body), "address": {"text": "青山区钢花村3号"}, "livingSituation": "alone",
            "abilityLevel": 1, "emergencyContacts": [{"name": "胡军", "relation": "儿子", "phone": "13912345671"}]})
        self.assertEqual(status, 201, elder)

        page = self.browser()
        page.open(fed.urls[community])
        page.sign_in("t-doctor", PASSWORD, "elders")
        page.find('#screen-elders input[name="q"]').send_keys("测试胡秀英")
        page.find("#screen-elders form.filter-bar button[type=submit]").click()
        page.until("the elder in the list", lambda: "测试胡秀英" in page.text("#elder-table tbody"))
        page.click(page.all("#elder-table tbody tr")[0])
        page.find("#elder-dialog #health-record #new-prescription").click()

        form = page.find("#prescription-form")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="kind"]')).select_by_value("diet")
        doctor = form.find_element(By.CSS_SELECTOR, '[data-path="doctor"]')
        doctor.send_keys("王医生 ")
        form.find_element(By.CSS_SELECTOR, '[data-path="advice"]').send_keys("低盐饮食，每日食盐不超过5克")
        page.expect(f"/api/v1/elders/{elder['id']}/prescriptions", 422)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        error = page.find('#prescription-form [data-error-for="doctor"] span')
        self.assertTrue(error.text.strip(), "the field's message is shown")
        self.assertEqual(doctor.get_attribute("aria-invalid"), "true")
        status, record = fed.api(community, "GET", f"/elders/{elder['id']}/prescriptions")
        self.assertEqual(record["items"], [], "the refused prescription was written")

        doctor.clear()
        doctor.send_keys("王医生")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        page.until("the prescription in the record", lambda: "低盐饮食" in page.text("#prescription-table"))
        self.assertIn("已开具", page.text("#prescription-table"))

        page.find("#prescription-table .btn-outline-success").click()
        ack = page.find("#prescription-acknowledge-form")
        ack.find_element(By.CSS_SELECTOR, '[data-path="by"]').send_keys("本人")
        ack.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        # "已知晓" alone is also the button's text ("确认已知晓"): wait for who acknowledged it.
        page.until("acknowledged", lambda: "本人" in page.text("#prescription-table"))
        self.assertNotIn("已开具", page.text("#prescription-table"))

        fed.wait_for("the prescription at the county", lambda: [
            p for p in fed.api(county, "GET", f"/elders/{elder['id']}/prescriptions")[1]["items"] if p["status"] == "acknowledged"])
