"""Exports in the console (数据交换, Anhui §4.2.1): a street administrator exports the street's
elders as CSV; the screen counts the records as they stream in and saves the file, which the
audit trail records. A viewer has no export screen."""
import re

from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase


class ExportTests(ConsoleTestCase):
    def test_a_street_admin_exports_the_streets_elders_and_the_export_is_audited(self):
        fed = context.federation()
        street = fed.code("street")
        _, elders = fed.api(street, "GET", "/elders?limit=1")
        total = elders["total"]
        fed.add_user(street, "t-export", "admin", PASSWORD)
        page = self.browser()
        page.open(fed.urls[street])
        page.sign_in("t-export", PASSWORD, "intake")
        page.driver.execute_script("location.hash = '#/exports'")
        Select(page.find("#export-dataset")).select_by_value("elders")
        self.assertIn("citizenId", page.text("#export-columns"))
        Select(page.find("#export-format")).select_by_value("csv")
        page.click(page.find("#export-start"))
        page.until("the export done", lambda: "exported" in page.text("#export-progress") or "已导出" in page.text("#export-progress"), timeout=60)
        shown = re.search(r"[\d,]+", page.text("#export-progress")).group(0)
        self.assertEqual(int(shown.replace(",", "")), total, page.text("#export-progress"))
        _, audit = fed.api(street, "GET", "/audit?action=data.export&actor=t-export")
        self.assertEqual(len(audit["items"]), 1)
        self.assertIn(f"{total} records", audit["items"][0]["detail"])
        page.screenshot("export-done")

        # A period on a dataset without a time is refused in both languages, and nothing is audited.
        status, body = fed.api(street, "GET", "/exports/elders?from=2026-01-01")
        self.assertEqual(status, 422)
        self.assertTrue(body["error"]["fields"][0]["messageZh"])

    def test_a_viewer_has_no_export_screen(self):
        fed = context.federation()
        street = fed.code("street")
        fed.add_user(street, "t-export-viewer", "viewer", PASSWORD)
        page = self.browser()
        page.open(fed.urls[street])
        page.sign_in("t-export-viewer", PASSWORD, "dashboard")
        self.assertFalse([a for a in page.all("nav a") if "exports" in (a.get_attribute("href") or "")])
