"""Account administration and sorting across pages, in a real browser against the demo
federation: an administrator makes an account (the 422 beside its field, in Chinese), sees it
locked after failed sign-ins, lifts the lockout and disables it, each action confirmed; a
dispatcher has no such screen; a table sorted by a column shows the whole list in that order."""
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import context
from browser import UUID
from test_console import ConsoleTestCase, PASSWORD


class AccountAdministrationTests(ConsoleTestCase):
    def account_row(self, page, name):
        return next((row for row in page.all("#account-table tbody tr") if name in row.text), None)

    def confirm(self, page):
        page.click(page.find("#confirm-dialog #confirm-yes"))
        page.until("the confirmation to close", lambda: not page.all("#confirm-dialog"))

    def test_an_administrator_creates_locks_out_unlocks_and_disables_an_account(self):
        fed = context.federation()
        street = fed.code("street")
        page = self.browser()
        page.open(fed.urls[street])
        page.sign_in("admin", "carenode-demo", "intake")
        self.assertIn("accounts", [link.get_attribute("data-screen") for link in page.all("#mainnav a")])
        page.driver.execute_script("location.hash = '#/accounts'")
        page.until("the account list", lambda: self.account_row(page, "admin"))
        total = int(page.find("#account-table", visible=False).find_element(By.XPATH, "ancestor::section[1]").get_attribute("data-total"))
        self.assertEqual(total, fed.api(street, "GET", "/operators?limit=1")[1]["total"])

        # A weak password: the API's Chinese message beside the password field, and no account.
        page.click(page.find("#new-account"))
        form = page.find("#account-dialog form")
        form.find_element(By.CSS_SELECTOR, '[data-path="name"]').send_keys("t-clerk-admin")
        form.find_element(By.CSS_SELECTOR, '[data-path="displayName"]').send_keys("测试王敏")
        password = form.find_element(By.CSS_SELECTOR, '[data-path="password"]')
        password.send_keys("weakpassword")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="role"]')).select_by_value("clerk")
        page.expect("/api/v1/operators", 422)
        page.click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        error = page.find('#account-dialog [data-error-for="password"] span')
        self.assertIn("至少三类", error.text)
        self.assertEqual(password.get_attribute("aria-invalid"), "true")
        self.assertFalse([a for a in fed.api(street, "GET", "/operators?role=clerk&limit=500")[1]["items"] if a["name"] == "t-clerk-admin"])
        password.clear()
        password.send_keys(PASSWORD.capitalize())
        page.click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        page.until("the dialog to close", lambda: not page.all("#account-dialog"))
        row = page.until("the new account in the list", lambda: self.account_row(page, "测试王敏"))
        self.assertIn("正常", row.text)
        self.assertIn("从未登录", row.text)
        self.assertIn("须修改初始密码", row.text)
        self.assertIsNone(UUID.search(page.text("#account-table")))

        # Five wrong passwords lock it; the list says so after a refresh.
        for attempt in range(5):
            status, _ = fed.api(street, "POST", "/session", {"name": "t-clerk-admin", "password": f"Wrong-pass-{attempt}"}, token="-")
            self.assertIn(status, (401, 423))
        page.driver.execute_script("location.hash = '#/intake'")
        page.until("the intake screen", lambda: page.all("#screen-intake"))
        page.driver.execute_script("location.hash = '#/accounts'")
        row = page.until("the lockout in the list", lambda: (r := self.account_row(page, "测试王敏")) and "已锁定" in r.text and r)
        page.screenshot("accounts-locked")

        page.click(row)
        page.click(page.find("#account-dialog #account-unlock"))
        page.find("#confirm-dialog")
        self.assertIn("解除", page.text("#confirm-dialog"))
        self.confirm(page)
        page.until("the lockout lifted", lambda: (r := self.account_row(page, "测试王敏")) and "正常" in r.text)
        status, answer = fed.api(street, "POST", "/session", {"name": "t-clerk-admin", "password": PASSWORD.capitalize()}, token="-")
        self.assertEqual(status, 201, answer)

        # Disabling is asked once more; cancelling it changes nothing.
        page.click(self.account_row(page, "测试王敏"))
        page.click(page.find("#account-dialog #account-disable"))
        page.click(page.find("#confirm-dialog").find_element(By.CSS_SELECTOR, "button.btn-outline-secondary"))
        page.until("the confirmation to close", lambda: not page.all("#confirm-dialog"))
        account = next(a for a in fed.api(street, "GET", "/operators?role=clerk&limit=500")[1]["items"] if a["name"] == "t-clerk-admin")
        self.assertFalse(account["disabled"])
        page.click(page.find("#account-dialog #account-disable"))
        self.confirm(page)
        page.until("the account disabled", lambda: (r := self.account_row(page, "测试王敏")) and "已停用" in r.text)
        account = next(a for a in fed.api(street, "GET", "/operators?role=clerk&limit=500")[1]["items"] if a["name"] == "t-clerk-admin")
        self.assertTrue(account["disabled"])
        status, trail = fed.api(street, "GET", "/audit?subject=t-clerk-admin&actor=admin&limit=50")
        self.assertEqual(status, 200)
        self.assertTrue({"operator.create", "operator.unlock", "operator.disable"} <= {entry["action"] for entry in trail["items"]})
        page.screenshot("accounts")

    def test_a_dispatcher_has_no_account_screen(self):
        fed = context.federation()
        county = fed.code("county")
        fed.add_user(county, "t-no-accounts", "dispatcher", PASSWORD)
        page = self.browser()
        page.open(fed.urls[county])
        page.sign_in("t-no-accounts", PASSWORD, "dispatch")
        self.assertNotIn("accounts", [link.get_attribute("data-screen") for link in page.all("#mainnav a")])
        page.driver.execute_script("location.hash = '#/accounts'")
        page.until("the way back to the home", lambda: page.driver.execute_script("return location.hash") == "#/dispatch")


class SortAcrossPagesTests(ConsoleTestCase):
    def names(self, page):
        return [row.find_elements(By.CSS_SELECTOR, "td")[0].text for row in page.all("#elder-table tbody tr")]

    def test_sorting_the_elder_register_by_name_orders_the_whole_list(self):
        fed = context.federation()
        county = fed.code("county")
        everyone = []
        cursor = None
        while True:
            _, answer = fed.api(county, "GET", "/elders?sort=name&limit=500" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""))
            everyone += [elder["name"] for elder in answer["items"]]
            cursor = answer.get("next")
            if not cursor:
                break
        self.assertGreater(len(everyone), 20, "the demo has too few elders for two pages")
        page = self.browser()
        page.open(fed.urls[county])
        page.sign_in("admin", "carenode-demo", "dashboard")
        page.driver.execute_script("location.hash = '#/elders'")
        page.until("the register", lambda: len(page.all("#elder-table tbody tr")) == 20)
        page.click(page.find('#elder-table th button[data-sort-key="name"]'))
        page.until("the first page by name", lambda: self.names(page) == everyone[:20])
        self.assertEqual(page.find("#elder-table th[aria-sort]").get_attribute("aria-sort"), "ascending")
        page.click(next(b for b in page.all(".pager button") if b.text == "下一页"))
        page.until("the second page by name", lambda: self.names(page) == everyone[20:40])
        # Descending: the whole list from its other end.
        page.click(page.find('#elder-table th button[data-sort-key="name"]'))
        page.until("the first page by name, descending", lambda: self.names(page) == list(reversed(everyone))[:20])
        self.assertEqual(page.find("#elder-table th[aria-sort]").get_attribute("aria-sort"), "descending")
