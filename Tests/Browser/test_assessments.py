"""The ability assessment form (GB/T 42195-2022) in the console: an assessor at the street fills
in all 26 items and sees the live total and level; an answer left out is refused beside its item
on submit (nothing submitted); the assessor submits, the street's admin approves from the
printable report, and the elder's level is the assessment's."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase, check_digit

# The model tests' fixture case: 24 + 11 + 20 + 8 = 63, 中度失能.
ANSWERS = {
    "B.1.1": 4, "B.1.2": 3, "B.1.3": 2, "B.1.4": 3, "B.1.5": 2, "B.1.6": 3, "B.1.7": 4, "B.1.8": 3,
    "B.2.1": 4, "B.2.2": 3, "B.2.3": 3, "B.2.4": 1,
    "B.3.1": 3, "B.3.2": 2, "B.3.3": 4, "B.3.4": 2, "B.3.5": 3, "B.3.6": 3, "B.3.7": 1, "B.3.8": 0, "B.3.9": 2,
    "B.4.1": 1, "B.4.2": 1, "B.4.3": 2, "B.4.4": 1, "B.4.5": 3,
}


class AssessmentTests(ConsoleTestCase):
    def test_an_assessor_fills_the_form_with_a_live_total_and_the_approved_level_reaches_the_elder(self):
        fed = context.federation()
        county = fed.code("county")
        street = fed.code("street")
        community = fed.code("community")
        staff = []
        for name in ("测试评估员甲", "测试评估员乙"):
            status, record = fed.api(county, "POST", "/staff", {"name": name, "role": "assessor"})
            self.assertEqual(status, 201, record)
            staff.append(record["id"])
        body = "420107" + "19400611" + "468"
        status, elder = fed.api(community, "POST", "/elders", {
            "home": community, "name": "测试评估周桂芝", "gender": "female", "birthDate": "1940-06-11",
            "citizenId": body + check_digit(body), "address": {"text": "青山区建设一路5号"}, "livingSituation": "alone",
            "abilityLevel": 0, "emergencyContacts": [{"name": "周明", "relation": "儿子", "phone": "13912345672"}]})
        self.assertEqual(status, 201, elder)
        fed.wait_for("elder and assessors at the street", lambda: fed.api(street, "GET", f"/elders/{elder['id']}")[0] == 200
                     and fed.api(street, "GET", f"/staff/{staff[1]}")[0] == 200)
        fed.add_user(street, "t-assess-form", "assessor", PASSWORD)
        fed.add_user(street, "t-assess-approver", "admin", PASSWORD)

        page = self.browser()
        page.open(fed.urls[street])
        page.sign_in("t-assess-form", PASSWORD, "assessments")
        page.driver.get(fed.urls[street] + f"/console/#/assessments/new/{elder['id']}")
        form = page.find("#assessment-form")
        self.assertEqual(len(page.all("#assessment-form .assessment-item")), 26, "every item of the standard")
        Select(page.find("#assessment-reason")).select_by_value("first")
        Select(page.find("#assessor-0")).select_by_value(staff[0])
        Select(page.find("#assessor-1")).select_by_value(staff[1])
        for item, score in ANSWERS.items():
            if item == "B.4.5":
                continue
            page.click(page.find(f'input[name="{item}"][value="{score}"]', visible=False))
        self.assertIn("60 / 90", page.text("#live-total"))
        self.assertIn("未完成", page.text("#live-level"))
        page.click(page.find('input[name="B.4.5"][value="3"]', visible=False))
        self.assertIn("63 / 90", page.text("#live-total"))
        self.assertIn("中度失能", page.text("#live-level"))
        page.click(page.find("#adjust-dementia"))
        self.assertIn("重度失能", page.text("#live-level"), "a dementia diagnosis raises it one step")
        page.click(page.find("#adjust-dementia"))
        self.assertIn("中度失能", page.text("#live-level"))
        page.screenshot("assessment-form")
        # Two assessors who are the same person: refused beside the assessors, nothing written.
        Select(page.find("#assessor-1")).select_by_value(staff[0])
        page.expect(f"/api/v1/elders/{elder['id']}/assessments", 422)
        page.click(page.find("#assessment-save"))
        error = page.find('#assessment-form [data-error-for="assessorIds"] span')
        self.assertTrue(error.text.strip(), "the field's message is shown")
        self.assertEqual(fed.api(street, "GET", f"/elders/{elder['id']}/assessments")[1]["items"], [], "nothing was written")
        Select(page.find("#assessor-1")).select_by_value(staff[1])
        page.click(page.find("#assessment-save"))

        page.until("the report", lambda: "63 / 90" in page.text("#assessment-report"))
        self.assertIn("中度失能", page.text("#assessment-report"))
        self.assertIn("测试评估员甲", page.text("#assessment-report"))
        page.screenshot("assessment-report")
        page.click(page.find("#assessment-submit"))
        page.until("submitted", lambda: "已提交" in page.text("#assessment-report"))
        self.assertFalse(page.all("#assessment-approve"), "an assessor has no approve button")
        report_url = page.driver.current_url

        approver = self.browser()
        approver.open(fed.urls[street])
        approver.sign_in("t-assess-approver", PASSWORD, "intake")
        approver.driver.get(report_url)
        approver.click(approver.find("#assessment-approve"))
        approver.until("approved", lambda: "已审核" in approver.text("#assessment-report"))
        fed.wait_for("the level at the community", lambda: fed.api(community, "GET", f"/elders/{elder['id']}")[1]["abilityLevel"] == 2)
