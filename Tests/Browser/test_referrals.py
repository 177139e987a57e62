"""Referrals in the console (服务转介, Anhui §5.2.2.4): a street clerk refers an elder to a third
party from the referral screen, finds it in the queue, records the party's acceptance and then
the feedback; the referral is done at the street and reaches the county."""
from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase


class ReferralTests(ConsoleTestCase):
    def test_a_street_clerk_refers_to_a_third_party_and_records_its_answer_and_the_feedback(self):
        fed = context.federation()
        street = fed.code("street")
        county = fed.code("county")
        _, elders = fed.api(street, "GET", "/elders?limit=50")
        elder = elders["items"][1]
        fed.add_user(street, "t-referral", "clerk", PASSWORD)
        page = self.browser()
        page.open(fed.urls[street])
        page.sign_in("t-referral", PASSWORD, "intake")
        page.driver.execute_script("location.hash = '#/referrals'")
        page.click(page.find("#new-referral"))
        page.find("#elder-search").send_keys(elder["name"])
        page.click(page.until("the elder among the results", lambda: next((o for o in page.all(".finder-option") if o.get_attribute("data-id") == elder["id"]), None)))
        form = page.find("#referral-new-form form")
        form.find_element("css selector", '[data-path="toThirdParty"]').send_keys("青山区法律援助中心")
        form.find_element("css selector", '[data-path="toPhone"]').send_keys("not a phone")
        form.find_element("css selector", '[data-path="reason"]').send_keys("咨询赡养纠纷的法律援助")
        page.expect("/api/v1/referrals", 422)
        page.click(form.find_element("css selector", "button[type=submit]"))
        message = page.find('#referral-new-form [data-error-for="toPhone"] span')
        self.assertIn("不是有效的电话号码", message.text)
        self.assertEqual(fed.api(street, "GET", f"/referrals?elderId={elder['id']}")[1]["total"], 0, "the refused referral was written")

        phone = form.find_element("css selector", '[data-path="toPhone"]')
        phone.clear()
        phone.send_keys("027-8888 1234")
        page.click(form.find_element("css selector", "button[type=submit]"))
        referral = page.until("the referral", lambda: next(iter(fed.api(street, "GET", f"/referrals?elderId={elder['id']}")[1]["items"]), None))
        self.assertEqual((referral["status"], referral["toThirdParty"]), ("pending", "青山区法律援助中心"))
        page.until("the referral in the queue", lambda: "青山区法律援助中心" in page.text("#referral-table"), timeout=10)

        for dialog in page.all("dialog[open] .dialog-close"):
            page.click(dialog)
        row = page.until("its row", lambda: next((r for r in page.all("#referral-table tbody tr") if "青山区法律援助中心" in r.text), None))
        page.click(row)
        answer = page.find("#referral-answer-form form")
        Select(answer.find_element("css selector", '[data-path="answer"]')).select_by_value("accepted")
        page.click(answer.find_element("css selector", "button[type=submit]"))
        feedback = page.find("#referral-feedback-form form")
        feedback.find_element("css selector", '[data-path="feedback"]').send_keys("律师已电话联系老人，约定周三上门")
        page.click(feedback.find_element("css selector", "button[type=submit]"))
        page.until("done at the street", lambda: fed.api(street, "GET", f"/referrals/{referral['id']}")[1]["status"] == "completed")
        fed.wait_for("the feedback at the county", lambda: fed.api(county, "GET", f"/referrals/{referral['id']}")[1].get("feedback", {}).get("text") == "律师已电话联系老人，约定周三上门")
        page.screenshot("referral-done")
