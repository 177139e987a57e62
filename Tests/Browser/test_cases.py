"""The one-stop window in the console (Anhui §5.2.2.2): a street clerk finds an elder, chooses a
consultation on the intake form, is told in Chinese beside the box what is missing (nothing is
written), then records it and finds it in the window's queue."""
from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase


class WindowCaseTests(ConsoleTestCase):
    def test_a_street_clerk_records_a_consultation_from_the_intake_form(self):
        fed = context.federation()
        street = fed.code("street")
        _, elders = fed.api(street, "GET", "/elders?limit=50")
        elder = elders["items"][0]
        fed.add_user(street, "t-case-window", "clerk", PASSWORD)
        page = self.browser()
        page.open(fed.urls[street])
        page.sign_in("t-case-window", PASSWORD, "intake")
        page.find("#elder-search").send_keys(elder["name"])
        page.click(page.until("the elder among the results", lambda: next((o for o in page.all(".finder-option") if o.get_attribute("data-id") == elder["id"]), None)))

        Select(page.find("#intake-kind")).select_by_value("consultation")
        form = page.until("the consultation form", lambda: next(iter(page.all('#case-form[data-kind="consultation"] form')), None))
        before = fed.api(street, "GET", f"/cases?elderId={elder['id']}")[1]["total"]
        page.expect("/api/v1/cases", 422)
        page.click(form.find_element("css selector", "button[type=submit]"))
        message = page.find('#case-form [data-error-for="summary"] span')
        self.assertIn("请填写事项内容", message.text)
        self.assertEqual(fed.api(street, "GET", f"/cases?elderId={elder['id']}")[1]["total"], before, "the refused case was written")

        form.find_element("css selector", '[data-path="summary"]').send_keys("咨询高龄津贴的申领条件和所需材料")
        page.click(form.find_element("css selector", "button[type=submit]"))
        def taken():
            items = fed.api(street, "GET", f"/cases?elderId={elder['id']}&kind=consultation")[1]["items"]
            return next((c for c in items if c["summary"].startswith("咨询高龄津贴")), None)
        case = page.until("the consultation", taken)
        self.assertEqual((case["channel"], case["status"], case["takenAt"]), ("window", "received", street))

        page.driver.execute_script("location.hash = '#/cases'")
        page.until("the case in the queue", lambda: "咨询高龄津贴" in page.text("#case-table"), timeout=10)
        self.assertIn(elder["name"], page.text("#case-table"))
