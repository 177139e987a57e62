"""The call center in the console: a number rings at the county (posted as a softphone would),
the county call agent's console pops up the elder whose emergency contact it is, the agent
answers, a completion without its purpose is explained beside the field and writes nothing,
and the completed call's order reaches the elder's station."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase, check_digit


class CallCenterTests(ConsoleTestCase):
    def test_a_call_from_an_emergency_contact_pops_up_the_elder_and_its_order_reaches_the_station(self):
        fed = context.federation()
        community = fed.code("community")
        county = fed.code("county")
        body = "420107" + "19410518" + "273"
        status, elder = fed.api(community, "POST", "/elders", {
            "home": community, "name": "测试陈淑华", "gender": "female", "birthDate": "1941-05-18",
            "citizenId": body + check_digit(body), "phone": "027-8661 2731", "address": {"text": "青山区钢都花园3号"},
            "livingSituation": "alone", "abilityLevel": 1,
            "emergencyContacts": [{"name": "陈明", "relation": "儿子", "phone": "139 0000 7788"}]})
        self.assertEqual(status, 201, elder)
        fed.wait_for("the elder at the county", lambda: fed.api(county, "GET", f"/elders/{elder['id']}")[0] == 200)

        fed.add_user(county, "t-agent", "callAgent", PASSWORD)
        page = self.browser()
        page.open(fed.urls[county])
        page.sign_in("t-agent", PASSWORD, "calls")
        page.until("the event stream", lambda: page.driver.execute_script("return document.body.dataset.alertStream") == "open")

        # The softphone integration posts the ringing number.
        status, rang = fed.api(county, "POST", "/calls/incoming", {"number": "+86-139-0000-7788"})
        self.assertEqual(status, 201, rang)
        call_id = rang["call"]["id"]
        popup = page.until("the caller pop-up", lambda: next((p for p in page.all(".call-popup") if "测试陈淑华" in p.text), None), timeout=10)
        self.assertEqual(popup.get_attribute("data-call-id"), call_id)
        self.assertIn("紧急联系人电话", popup.text)
        page.screenshot("call-popup")
        popup.find_element(By.CSS_SELECTOR, '[data-action="answer"]').click()
        page.until("the call on the call screen", lambda: "测试陈淑华" in page.text("#call-current"))
        self.assertIn("陈明", page.text("#call-current .call-caller"))

        form = page.find("#call-complete-form")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="outcome"]')).select_by_value("answered")
        page.expect(f"/api/v1/calls/{call_id}", 422)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        error = page.find('#call-complete-form [data-error-for="purpose"] span')
        self.assertIn("事由", error.text)
        _, still = fed.api(county, "GET", f"/calls/{call_id}")
        self.assertTrue(still["call"]["open"], "the refused completion was written")

        form = page.find("#call-complete-form")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="purpose"]')).select_by_value("serviceRequest")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="order.category"]')).select_by_value("bathing")
        form.find_element(By.CSS_SELECTOR, '[data-path="note"]').send_keys("儿子代老人预约助浴")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        page.until("the completed call", lambda: page.find("#call-current .call-panel").get_attribute("data-open") == "false")
        _, done = fed.api(county, "GET", f"/calls/{call_id}")
        order_id = done["call"]["orderId"]
        self.assertTrue(order_id, done)
        fed.wait_for("the order at the station", lambda: fed.api(community, "GET", f"/orders/{order_id}")[0] == 200)
        fed.wait_for("the call at the station", lambda: fed.api(community, "GET", f"/calls/{call_id}")[1].get("call", {}).get("orderId") == order_id)
        page.screenshot("call-completed")
