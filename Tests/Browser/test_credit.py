"""Credit and policies in the console (信用信息披露 §5.1.2.7, 政策发布 §5.1.2.2): a county
dispatcher enters violations against an organisation (a refused one first, nothing written)
until it is blacklisted, sees it on the blacklist, and lifts it; the community receives both
turns; then upholds a closed complaint against it from the complaint's sheet, which blacklists
it again. A county admin publishes a policy with a PDF that reaches the community, and the public
list shows it without sign-in."""
import json
import os
import tempfile
import urllib.request

from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase


class CreditTests(ConsoleTestCase):
    def status_at(self, fed, code, organisation):
        status, answer = fed.api(code, "GET", f"/organisations/{organisation}")
        return answer.get("creditStatus") if status == 200 else None

    def test_a_dispatcher_blacklists_an_organisation_by_its_violations_and_lifts_it(self):
        fed = context.federation()
        county = fed.code("county")
        community = fed.code("community")
        status, made = fed.api(county, "POST", "/organisations", {
            "name": "信用测试居家服务社", "type": "homeCareCenter", "categories": ["meals"], "communities": [community],
            "address": {"text": "测试路1号"},
        })
        self.assertEqual(status, 201, made)
        organisation = made["id"]
        fed.add_user(county, "t-credit", "dispatcher", PASSWORD)

        page = self.browser()
        page.open(fed.urls[county])
        page.sign_in("t-credit", PASSWORD, "dispatch")
        page.driver.execute_script("location.hash = '#/credit'")
        page.until("the rule shown", lambda: "60" in page.text("#credit-rule"))
        row = page.until("the organisation's row", lambda: next((r for r in page.all("#credit-table tbody tr") if r.get_attribute("data-id") == organisation), None))
        page.click(row.find_element("css selector", "button.open-file"))

        # An award with a severity is refused field by field, and nothing is written.
        form = page.find("#credit-entry form")
        Select(form.find_element("css selector", '[data-path="kind"]')).select_by_value("award")
        Select(form.find_element("css selector", '[data-path="severity"]')).select_by_value("grave")
        form.find_element("css selector", '[data-path="description"]').send_keys("错填")
        page.expect("/api/v1/credit/records", 422)
        page.click(form.find_element("css selector", "button[type=submit]"))
        page.until("the refusal shown", lambda: page.text('#credit-entry [data-error-for="awardLevel"]') != "")
        self.assertEqual(fed.api(county, "GET", f"/credit/organisations/{organisation}")[1]["records"], [])

        for severity, text in (("grave", "护理员无证上岗"), ("serious", "虚报服务时长")):
            form = page.find("#credit-entry form")
            Select(form.find_element("css selector", '[data-path="kind"]')).select_by_value("violation")
            Select(form.find_element("css selector", '[data-path="severity"]')).select_by_value(severity)
            form.find_element("css selector", '[data-path="description"]').send_keys(text)
            page.click(form.find_element("css selector", "button[type=submit]"))
            page.until(f"the {severity} record listed", lambda: text in page.text("#credit-records"), timeout=10)
        page.until("on the blacklist", lambda: "信用测试居家服务社" in page.text("#credit-blacklist"), timeout=10)
        line = next(i for i in fed.api(county, "GET", "/credit")[1]["items"] if i["organisationId"] == organisation)
        self.assertEqual((line["score"], line["level"], line["creditStatus"]), (40, "D", "blacklisted"))
        fed.wait_for("the blacklisting at the community", lambda: self.status_at(fed, community, organisation) == "blacklisted")

        lift = page.find("#credit-lift form")
        lift.find_element("css selector", '[data-path="reason"]').send_keys("整改到位，约谈后恢复")
        page.click(lift.find_element("css selector", "button[type=submit]"))
        page.until("lifted", lambda: not page.all("#credit-lift") and "整改到位" in page.text("#credit-records"), timeout=10)
        self.assertEqual(self.status_at(fed, county, organisation), "warning")
        fed.wait_for("the lift at the community", lambda: self.status_at(fed, community, organisation) == "warning")
        page.screenshot("credit-done")

        # A complaint against it, closed at the county, is upheld from the complaint's sheet: 40 − 5 = 35, blacklisted again.
        status, complaint = fed.api(county, "POST", "/complaints", {
            "organisationId": organisation, "home": community, "complainant": "李先生（儿子）", "channel": "phone", "description": "信用测试：送餐迟到",
        })
        self.assertEqual(status, 201, complaint)
        for step in ("acknowledge", "investigate", "respond", "close"):
            self.assertEqual(fed.api(county, "POST", f"/complaints/{complaint['id']}/steps", {"step": step, "note": step})[0], 201)
        page.driver.execute_script("location.hash = '#/complaints'")
        row = page.until("the complaint's row", lambda: next((r for r in page.all("#complaint-table tbody tr") if "信用测试：送餐迟到" in r.text), None))
        page.click(row)
        uphold = page.find("dialog.sheet #complaint-uphold form")
        Select(uphold.find_element("css selector", '[data-path="severity"]')).select_by_value("minor")
        uphold.find_element("css selector", '[data-path="description"]').send_keys("投诉查实：送餐迟到")
        page.click(uphold.find_element("css selector", "button[type=submit]"))
        fed.wait_for("the upheld complaint on the file", lambda: any(
            r.get("sourceId") == complaint["id"] for r in fed.api(county, "GET", f"/credit/organisations/{organisation}")[1]["records"]))
        self.assertEqual(self.status_at(fed, county, organisation), "blacklisted")

    def test_a_county_admin_publishes_a_policy_with_a_pdf_that_reaches_the_community_and_the_public(self):
        fed = context.federation()
        county = fed.code("county")
        community = fed.code("community")
        folder = tempfile.mkdtemp()
        pdf = os.path.join(folder, "补贴申领表.pdf")
        with open(pdf, "wb") as f:
            f.write(b"%PDF-1.4\n" + b"%" * 3000)

        page = self.browser()
        page.open(fed.urls[county])
        page.sign_in("admin", "carenode-demo", "dashboard")
        page.driver.execute_script("location.hash = '#/policies'")
        form = page.find("#policy-form form")
        Select(form.find_element("css selector", '[data-path="kind"]')).select_by_value("guide")
        form.find_element("css selector", '[data-path="title"]').send_keys("居家养老服务补贴申领指南")
        form.find_element("css selector", '[data-path="body"]').send_keys("一、申领条件\n二、所需材料")
        page.driver.execute_script("arguments[0].value = '2025-01-01'", form.find_element("css selector", '[data-path="effectiveFrom"]'))
        form.find_element("css selector", "#policy-files").send_keys(pdf)
        page.click(form.find_element("css selector", "button[type=submit]"))
        page.until("the policy listed", lambda: "居家养老服务补贴申领指南" in page.text("#policy-table"), timeout=10)
        policy = next(p for p in fed.api(county, "GET", "/policies")[1]["items"] if p["title"] == "居家养老服务补贴申领指南")
        self.assertEqual([a["name"] for a in policy["attachments"]], ["补贴申领表.pdf"])

        row = next(r for r in page.all("#policy-table tbody tr") if r.get_attribute("data-id") == policy["id"])
        page.click(row.find_element("css selector", "button.read-policy"))
        page.until("the policy read", lambda: "所需材料" in page.text("#policy-article") and "补贴申领表.pdf" in page.text("#policy-article"))

        fed.wait_for("the policy and its PDF at the community", lambda: (lambda answer: answer[0] == 200 and answer[1]["attachments"][0]["held"])(
            fed.api(community, "GET", f"/policies/{policy['id']}")), timeout=60)
        request = urllib.request.Request(fed.urls[county] + "/api/v1/public/policies")
        with urllib.request.urlopen(request, context=fed.context, timeout=30) as response:
            public = json.loads(response.read())
        self.assertIn(policy["id"], [p["id"] for p in public["items"]])
        page.screenshot("policies-done")
