"""Proactive care in the console: a station worker's due list shows a living-alone elder whose
plan starts today; recording the visit with a concern but no notes is refused beside the notes
box and writes nothing; with notes, the contact and the service order it asks for are saved in
one step and the elder leaves the due list; the elder's plan dialog lists the contact."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase, check_digit


class CareTests(ConsoleTestCase):
    def test_a_worker_records_a_due_visit_and_its_concern_becomes_an_order(self):
        fed = context.federation()
        community = fed.code("community")
        fed.add_user(community, "t-carer", "stationStaff", PASSWORD)
        body = "420107" + "19400817" + "468"
        status, elder = fed.api(community, "POST", "/elders", {
            "home": community, "name": "测试关秀兰", "gender": "female", "birthDate": "1940-08-17",
            "citizenId": body + check_digit(body), "address": {"text": "青山区建设一路6号"}, "livingSituation": "alone",
            "abilityLevel": 1, "emergencyContacts": [{"name": "关强", "relation": "儿子", "phone": "13912345672"}]})
        self.assertEqual(status, 201, elder)
        status, plan = fed.api(community, "PUT", f"/elders/{elder['id']}/care-plan", {"group": "livingAlone", "assignee": "t-carer"})
        self.assertEqual(status, 200, plan)

        page = self.browser()
        page.open(fed.urls[community])
        page.sign_in("t-carer", PASSWORD, "elders")
        page.driver.execute_script("location.hash = '#/care'")
        page.until("the elder on my due list", lambda: "测试关秀兰" in page.text("#care-due-table"))
        row = page.find(f'#care-due-table tr[data-elder="{elder["id"]}"]')
        self.assertEqual(row.get_attribute("data-state"), "due")
        page.screenshot("care-due")
        page.click(row.find_element(By.CSS_SELECTOR, "button.care-record"))

        form = page.find("#care-contact-form")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="kind"]')).select_by_value("homeVisit")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="outcome"]')).select_by_value("concernFound")
        Select(page.find('#care-contact-form [data-path="raise.kind"]')).select_by_value("order")
        Select(page.find('#care-contact-form [data-path="raise.category"]')).select_by_value("meals")
        page.expect(f"/api/v1/elders/{elder['id']}/care-contacts", 422)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        error = page.find('#care-contact-form [data-error-for="notes"] span')
        self.assertTrue(error.text.strip(), "the notes box says what is missing")
        page.screenshot("care-contact-refused")
        status, contacts = fed.api(community, "GET", f"/elders/{elder['id']}/care-contacts")
        self.assertEqual(contacts["items"], [], "the refused contact was written")

        form.find_element(By.CSS_SELECTOR, '[data-path="notes"]').send_keys("冰箱里没有吃的，需要助餐")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        page.until("the elder off the due list", lambda: not page.all(f'#care-due-table tr[data-elder="{elder["id"]}"]'))
        status, contacts = fed.api(community, "GET", f"/elders/{elder['id']}/care-contacts")
        self.assertEqual(len(contacts["items"]), 1, contacts)
        contact = contacts["items"][0]
        self.assertEqual((contact["outcome"], contact["followUpKind"]), ("concernFound", "order"))
        status, order = fed.api(community, "GET", f"/orders/{contact['followUpId']}")
        self.assertEqual(status, 200, order)
        self.assertEqual((order["order"]["channel"], order["order"]["category"]), ("proactiveCare", "meals"))

        page.find('#care-all').click()
        page.until("every plan of the station", lambda: "测试关秀兰" in page.text("#care-due-table"))
        page.click(page.find(f'#care-due-table tr[data-elder="{elder["id"]}"] a'))
        page.until("the contact in the plan dialog", lambda: "冰箱里没有吃的" in page.text("#care-plan-dialog #care-contact-table"))
        page.screenshot("care-plan")
