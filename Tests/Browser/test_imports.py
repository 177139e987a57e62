"""Imports in the console (数据交换, Anhui §4.2.1): a community administrator checks a CSV file of
elders, sees the rejected row with its line, field and Chinese reason, imports it, and only the
good rows are written; the import is audited. A viewer has no import screen."""
import os
import tempfile

from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def citizen_id(body):
    return body + "10X98765432"[sum(int(a) * w for a, w in zip(body, WEIGHTS)) % 11]


class ImportTests(ConsoleTestCase):
    def test_a_community_admin_checks_then_imports_a_file_and_the_bad_row_is_not_written(self):
        fed = context.federation()
        community = fed.code("community")
        _, before = fed.api(community, "GET", "/elders?limit=1")
        fed.add_user(community, "t-import", "admin", PASSWORD)
        header = "name,gender,citizenId,address,livingSituation,abilityLevel,contact1Name,contact1Relation,contact1Phone"
        rows = [
            f"导入甲,male,{citizen_id('42010719300101101')},红卫路1号,alone,1,家属甲,儿子,13912345601",
            f"导入乙,female,{citizen_id('42010719300101102')},红卫路2号,emptyNest,2,家属乙,女儿,13912345602",
            f"导入丙,female,{citizen_id('42010719300101104')},红卫路3号,alone,9,家属丙,儿子,13912345603",
        ]
        handle, path = tempfile.mkstemp(suffix=".csv")
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as file:
            file.write("\r\n".join([header] + rows) + "\r\n")
        self.addCleanup(os.remove, path)

        page = self.browser()
        page.open(fed.urls[community])
        page.sign_in("t-import", PASSWORD, "elders")
        page.driver.execute_script("location.hash = '#/imports'")
        Select(page.find("#import-dataset")).select_by_value("elders")
        self.assertIn("citizenId", page.text("#import-columns"))
        page.find("#import-file").send_keys(path)
        page.click(page.find("#import-preview"))
        page.until("the check's report", lambda: page.all("#import-rejects tbody tr"), timeout=30)
        cells = [c.text for c in page.all("#import-rejects tbody tr td")]
        self.assertEqual(cells[:2], ["4", "abilityLevel"], cells)
        self.assertIn("0到4", cells[2])  # the reason in Chinese, the console's language
        _, unchanged = fed.api(community, "GET", "/elders?limit=1")
        self.assertEqual(unchanged["total"], before["total"], "a check writes nothing")
        page.screenshot("import-checked")

        page.until("the import button", lambda: page.find("#import-start").is_enabled())
        page.click(page.find("#import-start"))
        page.until("the import done", lambda: "已导入 2 行" in page.text("#import-summary") or "2 imported" in page.text("#import-summary"), timeout=30)
        _, after = fed.api(community, "GET", "/elders?limit=1")
        self.assertEqual(after["total"], before["total"] + 2)
        _, found = fed.api(community, "GET", "/elders?q=%E5%AF%BC%E5%85%A5")  # 导入
        self.assertEqual(sorted(e["name"] for e in found["items"]), ["导入乙", "导入甲"])
        _, audit = fed.api(community, "GET", "/audit?action=data.import&actor=t-import")
        self.assertEqual(len(audit["items"]), 1)
        self.assertIn("2 of 3 rows imported", audit["items"][0]["detail"])

    def test_a_viewer_has_no_import_screen(self):
        fed = context.federation()
        community = fed.code("community")
        fed.add_user(community, "t-import-viewer", "viewer", PASSWORD)
        page = self.browser()
        page.open(fed.urls[community])
        page.sign_in("t-import-viewer", PASSWORD, "dashboard")
        self.assertFalse([a for a in page.all("nav a") if "imports" in (a.get_attribute("href") or "")])
