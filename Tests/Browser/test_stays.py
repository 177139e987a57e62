"""Centralised care in the console (集中照护): station staff find an elder and admit them to full
care; the stay's sheet records lunch, then a leave (after which only the stay's turns are
offered, no meals); a discharge without its reason is refused beside the details box and writes
nothing; the occupancy table counts the day's lunch; and the street sees the stay."""
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase, check_digit


class StayTests(ConsoleTestCase):
    def test_station_staff_admit_an_elder_record_care_and_see_the_days_figures(self):
        fed = context.federation()
        community = fed.code("community")
        street = fed.code("street")
        fed.add_user(community, "t-stays", "stationStaff", PASSWORD)
        body = "420107" + "19380521" + "735"
        status, elder = fed.api(community, "POST", "/elders", {
            "home": community, "name": "测试入住老人", "gender": "male", "birthDate": "1938-05-21",
            "citizenId": body + check_digit(body), "address": {"text": "青山区冶金街3号"}, "livingSituation": "alone",
            "abilityLevel": 3, "emergencyContacts": [{"name": "周敏", "relation": "女儿", "phone": "13912345673"}]})
        self.assertEqual(status, 201, elder)

        today = datetime.now(timezone(timedelta(hours=8))).strftime("%Y-%m-%d")
        rows = fed.api(community, "GET", f"/stays/occupancy?from={today}&to={today}")[1]["rows"]
        before = next((r for r in rows if r["station"] == community), {"onLeave": 0, "lunch": 0})

        page = self.browser()
        page.open(fed.urls[community])
        page.sign_in("t-stays", PASSWORD, "elders")
        page.driver.execute_script("location.hash = '#/stays'")
        page.find("#elder-search").send_keys("测试入住老人")
        page.click(page.find(f'.finder-option[data-id="{elder["id"]}"]'))
        form = page.find("#admission form")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="kind"]')).select_by_value("fullCare")
        form.find_element(By.CSS_SELECTOR, '[data-path="room"]').send_keys("301")
        form.find_element(By.CSS_SELECTOR, '[data-path="bed"]').send_keys("2")
        page.driver.execute_script("arguments[0].value = '2099-12-31'", form.find_element(By.CSS_SELECTOR, '[data-path="contractTo"]'))
        page.expect("/api/v1/stays", 422)
        page.click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        error = page.find('#admission [data-error-for="contractTo"] span')
        self.assertTrue(error.text.strip(), "the contract's end says what is wrong")
        self.assertEqual(fed.api(community, "GET", f"/stays?elderId={elder['id']}")[1]["total"], 0, "a refused admission wrote a stay")
        half_year = (datetime.now(timezone(timedelta(hours=8))) + timedelta(days=180)).strftime("%Y-%m-%d")
        page.driver.execute_script("arguments[0].value = arguments[1]", form.find_element(By.CSS_SELECTOR, '[data-path="contractTo"]'), half_year)
        page.click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

        sheet = page.find("dialog.sheet #care-record-form")
        stay = page.until("the stay", lambda: next(iter(fed.api(community, "GET", f"/stays?elderId={elder['id']}")[1]["items"]), None))
        self.assertEqual((stay["status"], stay["room"], stay["bed"], stay["careLevel"]), ("inCare", "301", "2", 3))
        Select(sheet.find_element(By.CSS_SELECTOR, '[data-path="item"]')).select_by_value("meal")
        Select(sheet.find_element(By.CSS_SELECTOR, '[data-path="meal"]')).select_by_value("lunch")
        page.click(sheet.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        page.until("lunch recorded", lambda: page.all('#care-records li[data-item="meal"]'))

        sheet = page.find("#care-record-form")
        Select(sheet.find_element(By.CSS_SELECTOR, '[data-path="item"]')).select_by_value("leave")
        sheet.find_element(By.CSS_SELECTOR, '[data-path="detail"]').send_keys("回家过周末")
        page.click(sheet.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        page.until("on leave", lambda: page.all('dialog.sheet [data-code="onLeave"]'))
        offered = [o.get_attribute("value") for o in page.find('#care-record-form [data-path="item"]').find_elements(By.TAG_NAME, "option")]
        self.assertNotIn("meal", offered, "no meals while the elder is on leave")
        self.assertIn("return", offered)

        sheet = page.find("#care-record-form")
        Select(sheet.find_element(By.CSS_SELECTOR, '[data-path="item"]')).select_by_value("discharge")
        page.expect(f"/api/v1/stays/{stay['id']}/records", 422)
        page.click(sheet.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        error = page.find('#care-record-form [data-error-for="detail"] span')
        self.assertTrue(error.text.strip(), "the details box says what is missing")
        page.screenshot("stay-discharge-refused")
        self.assertEqual(fed.api(community, "GET", f"/stays/{stay['id']}")[1]["stay"]["status"], "onLeave")
        page.find("dialog.sheet .dialog-close").click()

        occupancy = page.find("#occupancy form")
        page.click(occupancy.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        row = page.find(f'#occupancy-table tr[data-station="{community}"]')
        cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
        self.assertEqual((cells[4], cells[6]), (str(before["onLeave"] + 1), str(before["lunch"] + 1)),
                         f"one more on leave at the day's end, one more lunch: {cells}")
        page.screenshot("stay-occupancy")
        fed.wait_for("the stay at the street", lambda: fed.api(street, "GET", f"/stays/{stay['id']}")[0] == 200)
