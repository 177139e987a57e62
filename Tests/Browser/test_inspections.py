"""Supervision in the console (服务监督): a county inspector plans an inspection of an
organisation at a community from the county's checklist; on its sheet a finding without its
note is refused beside the note box and writes nothing; a critical finding with a photo is
recorded, shown with the photo, and lands on the rectification list as due within a day; the
organisation's admin at the station sees it on their own list."""
import os
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase


class InspectionTests(ConsoleTestCase):
    def test_an_inspector_plans_an_inspection_and_records_a_finding_with_a_photo(self):
        fed = context.federation()
        county = fed.code("county")
        community = fed.code("community")
        status, template = fed.api(county, "POST", "/inspection-templates", {
            "title": "测试机构检查表", "target": "organisation",
            "items": [{"code": "A1", "text": "服务人员持证上岗"}, {"code": "C3", "text": "食品留样"}]})
        self.assertEqual(status, 201, template)
        organisation = next(o for o in fed.api(county, "GET", "/organisations?limit=50")[1]["items"] if community in o["communities"])
        fed.add_user(county, "t-regulator", "inspector", PASSWORD)
        folder = tempfile.mkdtemp()
        picture = os.path.join(folder, "留样柜.png")
        with open(picture, "wb") as f:
            f.write(bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + b"\x00" * 600)

        page = self.browser()
        page.open(fed.urls[county])
        page.sign_in("t-regulator", PASSWORD, "inspections")
        plan = page.find("#inspection-plan form")
        Select(plan.find_element(By.CSS_SELECTOR, '[data-path="target"]')).select_by_value("organisation")
        Select(plan.find_element(By.CSS_SELECTOR, '[data-path="organisationId"]')).select_by_value(organisation["id"])
        plan.find_element(By.CSS_SELECTOR, '[data-path="home"]').send_keys(community)
        Select(plan.find_element(By.CSS_SELECTOR, '[data-path="templateId"]')).select_by_value(template["id"])
        plan.find_element(By.CSS_SELECTOR, '[data-path="inspector"]').send_keys("t-regulator")
        page.click(plan.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        inspection = page.until("the plan", lambda: next(iter(fed.api(county, "GET", f"/inspections?organisationId={organisation['id']}")[1]["items"]), None))

        row = page.until("the plan listed", lambda: next((r for r in page.all("#inspection-table tbody tr") if organisation["name"] in r.text), None))
        page.click(row)
        form = page.find("#inspection-step-form form")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="step"]')).select_by_value("finding")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="item"]')).select_by_value("C3")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="severity"]')).select_by_value("critical")
        form.find_element(By.CSS_SELECTOR, "#inspection-photos").send_keys(picture)
        page.expect(f"/api/v1/inspections/{inspection['id']}/steps", 422)
        page.click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        error = page.find('#inspection-step-form [data-error-for="note"] span')
        self.assertTrue(error.text.strip(), "the note box says what is missing")
        self.assertEqual(fed.api(county, "GET", f"/inspections/{inspection['id']}")[1]["findings"], [], "the refused finding was written")

        form = page.find("#inspection-step-form form")
        form.find_element(By.CSS_SELECTOR, '[data-path="note"]').send_keys("当日午餐未留样")
        page.click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        finding = page.find('#inspection-findings li[data-state="open"]')
        page.until("the photo shown", lambda: finding.find_element(By.CSS_SELECTOR, "img.preview").get_attribute("src").startswith("blob:"))
        self.assertIn("当日午餐未留样", finding.text)
        page.screenshot("inspection-finding")
        page.find("dialog.sheet .dialog-close").click()

        page.driver.execute_script("location.hash = '#/dashboard'")
        page.driver.execute_script("location.hash = '#/inspections'")
        page.until("on the rectification list, due within a day",
                   lambda: any("当日午餐未留样" in r.text and r.find_elements(By.CSS_SELECTOR, ".due-soon") for r in page.all("#rectification-table tbody tr")))

        fed.add_user(community, "t-org-admin", "organisationAdmin", PASSWORD, organisation=organisation["id"])
        fed.wait_for("the inspection at the station", lambda: fed.api(community, "GET", f"/inspections/{inspection['id']}")[0] == 200)
        manager = self.browser()
        manager.open(fed.urls[community])
        manager.sign_in("t-org-admin", PASSWORD, "orders")
        manager.driver.execute_script("location.hash = '#/inspections'")
        manager.until("the organisation's own list", lambda: "当日午餐未留样" in manager.text("#rectification-table"))
