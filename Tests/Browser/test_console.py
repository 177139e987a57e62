"""The console in a real browser against a demo federation (county, 2 streets, 4 communities):
each role's home, the elder register's field errors, an order from a station dispatched at the
county and completed on a caregiver's phone. The fall that pops up at the county comes over MQTT
in test_alert_mqtt.py."""
import base64
import datetime
import os
import struct
import tempfile
import time
import unittest
import zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import context
from browser import UUID, chromium

PASSWORD = "console-test-1"
CST = datetime.timezone(datetime.timedelta(hours=8))

# Where each role works and the screen it must land on.
HOMES = {
    "admin": ("county", "dashboard"), "dispatcher": ("county", "dispatch"), "callAgent": ("county", "calls"),
    "clerk": ("street", "intake"), "assessor": ("street", "assessments"), "inspector": ("county", "inspections"),
    "stationStaff": ("community", "elders"), "caregiver": ("community", "caregiver"),
    "organisationAdmin": ("county", "orders"), "viewer": ("county", "dashboard"), "auditor": ("county", "sync"),
}


def check_digit(body17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights)) % 11]


def png(path):
    """A real 64×64 PNG: the blobs API checks an image's signature."""
    raw = b"".join(b"\x00" + bytes([200, 80, 40]) * 64 for _ in range(64))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


class ConsoleTestCase(unittest.TestCase):
    fed = None
    pages = []

    def browser(self, width=1440, height=900, mobile=False):
        page = chromium(width, height, mobile)
        if context.without_me():
            # A node without GET /api/v1/me yet: the console falls back to the sign-in answer.
            page.expect("/api/v1/me", 404)
        self.pages.append(page)
        return page

    def tearDown(self):
        for page in self.pages:
            errors = page.errors()
            page.close()
            self.assertEqual(errors, [], f"errors in the browser log: {errors}")
        self.pages.clear()


class HomeTests(ConsoleTestCase):
    def test_each_role_lands_on_its_home_in_chinese_with_names_not_ids(self):
        fed = context.federation()
        status, codes = fed.api(fed.code("county"), "GET", "/codes")
        self.assertEqual(status, 200)
        roles = [entry["code"] for entry in codes["tables"]["operatorRole"]]
        self.assertIn("dispatcher", roles)
        for role in roles:
            tier, home = HOMES.get(role, ("county", None))
            with self.subTest(role=role):
                self.assertIsNotNone(home, f"role {role} has no expected home in this test")
                code = fed.code(tier)
                name = f"t-{role}"
                # Caregivers and organisation admins work for an organisation, a caregiver as one
                # of its staff records.
                organisation, staff = None, None
                if role in ("caregiver", "organisationAdmin"):
                    person = next(p for p in fed.api(code, "GET", "/staff?limit=200")[1]["items"] if p.get("organisationId"))
                    organisation = person["organisationId"]
                    staff = person["id"] if role == "caregiver" else None
                fed.add_user(code, name, role, PASSWORD, organisation=organisation, staff=staff)
                phone = role == "caregiver"
                page = self.browser(390 if phone else 1440, 844 if phone else 900, mobile=phone)
                page.open(fed.urls[code])
                self.assertEqual(page.driver.execute_script("return document.documentElement.lang"), "zh-CN")
                page.sign_in(name, PASSWORD, home)
                if role == "caregiver":
                    # The account names its staff record (/me's staffId): the phone shows whose day it is.
                    page.find("#worker-name")
                text = page.text("main")
                self.assertIsNone(UUID.search(text), f"{role}'s home shows an id: {UUID.search(text)}")
                self.assertIn(role, page.driver.execute_script("return document.body.dataset.role"))
                page.screenshot(f"home-{role}")
                self.pages.remove(page)
                errors = page.errors()
                page.close()
                self.assertEqual(errors, [], f"errors in {role}'s browser log: {errors}")

    def test_english_switch_and_larger_text(self):
        fed = context.federation()
        page = self.browser()
        page.open(fed.urls[fed.code("county")])
        page.sign_in("admin", "carenode-demo", "dashboard")
        size = page.driver.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
        self.assertGreaterEqual(size, 18)
        page.find("#text-switch").click()
        larger = page.driver.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
        self.assertGreater(larger, size)
        page.find("#lang-switch").click()
        page.until("English navigation", lambda: "Dashboard" in page.text("#mainnav"))
        self.assertEqual(page.driver.execute_script("return document.documentElement.lang"), "en")
        page.find("#lang-switch").click()
        page.until("Chinese navigation", lambda: "统计分析" in page.text("#mainnav"))
        page.find("#text-switch").click()


class ScreenWalkTests(ConsoleTestCase):
    def test_every_screen_of_the_county_and_a_station_opens_cleanly_with_names_not_ids(self):
        fed = context.federation()
        for tier, home, phone in (("county", "dashboard", False), ("community", "elders", False), ("community", "elders", True)):
            page = self.browser(390, 844, mobile=True) if phone else self.browser()
            page.open(fed.urls[fed.code(tier)])
            page.sign_in("admin", "carenode-demo", home)
            screens = [link.get_attribute("data-screen") for link in page.all("#mainnav a")]
            self.assertIn("sync", screens)
            for screen in screens:
                with self.subTest(tier=tier, screen=screen, phone=phone):
                    page.driver.execute_script(f"location.hash = '#/{screen}'")
                    page.until(screen, lambda: page.all(f"#screen-{screen}") and not page.all("main .loading"), timeout=20)
                    if screen == "map":
                        page.until("the map's points", lambda: "老人" in page.text("#map-summary"))
                        self.assertTrue(page.all(".leaflet-container"), "Leaflet did not draw the map")
                        self.assertFalse(page.all(".leaflet-tile"), "the map fetched tiles without a tile source")
                        # A small subtree is drawn elder by elder; the button draws it a community at a time, and back.
                        elder_by_elder = page.text("#map-mode")
                        page.click(page.find("#map-mode"))
                        page.until("the map by community", lambda: page.text("#map-mode") not in ("", elder_by_elder) and "社区" in page.text("#map-summary"))
                        page.click(page.find("#map-mode"))
                        page.until("the map elder by elder again", lambda: page.text("#map-mode") == elder_by_elder)
                    if screen == "sync":
                        cells = [cell.text for cell in page.all("#sync-table tbody td")]
                        self.assertTrue(cells and all(cells), f"an empty cell in the sync table: {cells}")
                    if screen == "dashboard":
                        page.until("the charts", lambda: len(page.all("[data-chart] canvas")) >= 3)
                    page.until("names", lambda: "…" not in page.text("main"), timeout=10)
                    self.assertIsNone(UUID.search(page.text("main")), f"{screen} shows an id")
                    self.assertEqual(page.all("main .notice-error"), [])
                    if phone:
                        # Nothing wider than the phone: tables turn into cards, wide parts scroll inside.
                        width = page.driver.execute_script("return [document.documentElement.scrollWidth, innerWidth]")
                        self.assertLessEqual(width[0], width[1], f"{screen} is wider than the phone")
                    if tier == "county" or phone:
                        page.screenshot(f"screen-{screen}" + ("-phone" if phone else ""))


class ElderRegisterTests(ConsoleTestCase):
    def test_a_bad_citizen_id_is_explained_beside_its_field_then_a_good_one_saves(self):
        fed = context.federation()
        community = fed.code("community")
        fed.add_user(community, "t-station", "stationStaff" if "stationStaff" in context.roles() else "admin", PASSWORD)
        page = self.browser()
        page.open(fed.urls[community])
        page.sign_in("t-station", PASSWORD, "elders")
        page.find("#new-elder").click()
        form = page.find("#elder-dialog form")
        body = "420107" + "19410815" + "357"
        good = body + check_digit(body)
        bad = body + ("0" if good[-1] != "0" else "1")
        values = {"name": "测试张秀英", "birthDate": "1941-08-15", "citizenId": bad, "phone": "13871230000",
                  "address.text": "青山区和平大道1号", "emergencyContacts[0].name": "张伟", "emergencyContacts[0].relation": "儿子",
                  "emergencyContacts[0].phone": "13912340000"}
        for path, value in values.items():
            control = form.find_element(By.CSS_SELECTOR, f'[data-path="{path}"]')
            if path == "birthDate":
                page.driver.execute_script("arguments[0].value = arguments[1]", control, value)
            else:
                control.send_keys(value)
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="gender"]')).select_by_value("female")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="livingSituation"]')).select_by_value("alone")
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="abilityLevel"]')).select_by_value("2")
        page.expect("/api/v1/elders", 422)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        error = page.find('#elder-dialog [data-error-for="citizenId"] span')
        self.assertIn("身份证号校验码错误", error.text)
        citizen = form.find_element(By.CSS_SELECTOR, '[data-path="citizenId"]')
        self.assertEqual(citizen.get_attribute("aria-invalid"), "true")
        self.assertEqual(page.driver.switch_to.active_element, citizen)
        status, page_of = fed.api(community, "GET", "/elders?q=%E6%B5%8B%E8%AF%95%E5%BC%A0%E7%A7%80%E8%8B%B1")
        self.assertEqual(page_of["total"], 0, "the refused elder was written")
        citizen.clear()
        citizen.send_keys(good)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        page.until("the dialog to close", lambda: not page.all("#elder-dialog"))
        status, page_of = fed.api(community, "GET", "/elders?q=%E6%B5%8B%E8%AF%95%E5%BC%A0%E7%A7%80%E8%8B%B1")
        self.assertEqual(page_of["total"], 1)
        saved = page_of["items"][0]
        self.assertEqual((saved["gender"], saved["livingSituation"], saved["abilityLevel"]), ("female", "alone", 2))
        self.assertEqual(saved["emergencyContacts"][0]["name"], "张伟")
        page.until("the new elder in the table", lambda: "测试张秀英" in page.text("#elder-table"), timeout=10)


class IntakeTests(ConsoleTestCase):
    def test_a_street_window_finds_the_elder_by_name_and_takes_a_booking(self):
        fed = context.federation()
        street = fed.code("street")
        _, elders = fed.api(street, "GET", "/elders?limit=50")
        elder = elders["items"][0]
        fed.add_user(street, "t-window", "clerk", PASSWORD)
        page = self.browser()
        page.open(fed.urls[street])
        page.sign_in("t-window", PASSWORD, "intake")
        page.find("#elder-search").send_keys(elder["name"])
        page.click(page.until("the elder among the results", lambda: next((o for o in page.all(".finder-option") if o.get_attribute("data-id") == elder["id"]), None)))
        form = page.find("#intake-forms form")
        before = {o["id"] for o in fed.api(street, "GET", f"/orders?elderId={elder['id']}&category=meals")[1]["items"]}
        page.expect("/api/v1/orders", 422)
        page.click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        self.assertIn("必填", page.find('#intake-forms [data-error-for="category"] span').text)
        Select(form.find_element(By.CSS_SELECTOR, '[data-path="category"]')).select_by_value("meals")
        wanted = (datetime.datetime.now(CST) + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
        page.driver.execute_script("arguments[0].value = arguments[1]", form.find_element(By.CSS_SELECTOR, '[data-path="wantedAt"]'), wanted)
        page.click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        def new_orders():
            return [o for o in fed.api(street, "GET", f"/orders?elderId={elder['id']}&category=meals")[1]["items"] if o["id"] not in before]
        booked = page.until("the order", lambda: (new_orders() or [None])[0])
        self.assertEqual(booked["channel"], "window")
        # The wanted time was typed in China Standard Time and is stored as that instant.
        self.assertEqual(datetime.datetime.fromisoformat(booked["wantedAt"]), datetime.datetime.fromisoformat(wanted + ":00+08:00"))


class DispatchToCaregiverTests(ConsoleTestCase):
    def test_a_station_request_is_dispatched_at_the_county_and_completed_on_a_phone_with_a_photo(self):
        fed = context.federation()
        community, county = fed.code("community"), fed.code("county")
        _, elders = fed.api(community, "GET", "/elders?limit=50")
        elder = next(e for e in elders["items"] if e["address"].get("latitude") is not None)
        # A category some organisation with staff offers this community, so there are candidates.
        _, organisations = fed.api(county, "GET", "/organisations?limit=200")
        _, everyone = fed.api(county, "GET", "/staff?limit=500")
        names = [person["name"] for person in everyone["items"]]
        # Staff with an organisation only: other tests add assessors of no organisation to the shared demo.
        staffed = {person["organisationId"] for person in everyone["items"] if person.get("organisationId") and names.count(person["name"]) == 1}
        serving = [o for o in organisations["items"] if community in o["communities"] and o["id"] in staffed and o["creditStatus"] != "blacklisted"]
        self.assertTrue(serving, "the demo has no staffed organisation serving " + community)
        category = serving[0]["categories"][0]
        _, codes = fed.api(county, "GET", "/codes")
        category_zh = next(e["zh"] for e in codes["tables"]["serviceCategory"] if e["code"] == category)
        wanted = datetime.datetime.now(CST).replace(microsecond=0).isoformat()
        status, order = fed.api(community, "POST", "/orders", {"elderId": elder["id"], "category": category, "channel": "phone", "wantedAt": wanted, "notes": "浏览器测试工单"})
        self.assertEqual(status, 201, order)
        fed.wait_for("the order at the county", lambda: fed.api(county, "GET", f"/orders/{order['id']}")[0] == 200)

        page = self.browser()
        page.open(fed.urls[county])
        fed.add_user(county, "t-dispatch", "dispatcher", PASSWORD)
        page.sign_in("t-dispatch", PASSWORD, "dispatch")
        row = page.until("the order in the queue", lambda: next((r for r in page.all("#dispatch-queue tbody tr") if elder["name"] in r.text and category_zh in r.text), None))
        self.assertIsNone(UUID.search(page.text("#dispatch-queue")))
        page.click(row)
        page.find("#candidates tbody tr")
        self.assertIn("距离", page.text("#candidates thead"))
        self.assertIsNone(UUID.search(page.text(".dispatch-detail")))
        # Dispatch by hand to the best-ranked candidate that has a worker to send.
        choice = next(r for r in page.all("#candidates tbody tr") if r.get_attribute("data-organisation") in staffed)
        organisation_id = choice.get_attribute("data-organisation")
        page.click(choice.find_element(By.CSS_SELECTOR, "button"))
        fed.wait_for("the dispatch at the county", lambda: fed.api(county, "GET", f"/orders/{order['id']}")[1]["order"]["status"] == "dispatched")
        self.assertEqual(fed.api(county, "GET", f"/orders/{order['id']}")[1]["order"]["organisationId"], organisation_id)
        page.screenshot("dispatch-after")

        # The caregiver is a staff member of that organisation, signed in by their own name.
        worker = next(person for person in everyone["items"] if person.get("organisationId") == organisation_id and names.count(person["name"]) == 1)
        fed.add_user(community, worker["name"], "caregiver", PASSWORD, organisation=organisation_id, staff=worker["id"])
        fed.wait_for("the dispatch at the station", lambda: fed.api(community, "GET", f"/orders/{order['id']}")[1]["order"]["status"] == "dispatched", timeout=30)

        phone = self.browser(390, 844, mobile=True)
        phone.open(fed.urls[community])
        phone.driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": fed.urls[community], "permissions": ["geolocation"]})
        phone.driver.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": elder["address"]["latitude"], "longitude": elder["address"]["longitude"], "accuracy": 10})
        phone.sign_in(worker["name"], PASSWORD, "caregiver")
        self.assertIn(worker["name"], phone.text("#worker-name"))
        card = f'#offered [data-order="{order["id"]}"]'
        phone.click(phone.find(card + ' [data-action="accept"]'))
        mine = f'#today [data-order="{order["id"]}"]'
        # The check-in is made with no network: it waits on the phone and goes when the network returns.
        check_in_button = phone.find(mine + ' [data-action="checkIn"]')
        phone.offline(True)
        phone.click(check_in_button)
        phone.until("the step kept on the phone", lambda: "1" in phone.text("#outbox-note"))
        self.assertEqual(fed.api(community, "GET", f"/orders/{order['id']}")[1]["order"]["status"], "accepted")
        phone.offline(False)
        phone.click(phone.find(mine + ' [data-action="complete"]', timeout=20))
        photo = png(os.path.join(tempfile.mkdtemp(), "after.png"))
        phone.find(mine + ' input[type=file][data-stage="after"]').send_keys(photo)
        phone.find(mine + ' [data-path="items"]').send_keys("打扫卧室\n清洗厨房")
        phone.screenshot("caregiver-completing")
        submit = phone.find(mine + " form button[type=submit]")
        phone.click(submit)
        phone.click(phone.find(mine + ' [data-action="rate"]', timeout=20))
        phone.screenshot("home-caregiver-worklist")
        _, detail = fed.api(community, "GET", f"/orders/{order['id']}")
        self.assertEqual(detail["order"]["status"], "completed")
        self.assertEqual([event["kind"] for event in detail["events"]], ["dispatch", "accept", "checkIn", "complete"])
        complete = next(event for event in detail["events"] if event["kind"] == "complete")
        self.assertEqual(len(complete["details"]["photosAfter"]), 64)
        self.assertEqual(complete["details"]["items"], "打扫卧室\n清洗厨房")
        self.assertFalse(phone.find("#outbox-note", visible=False).is_displayed())
        check_in = next(event for event in detail["events"] if event["kind"] == "checkIn")
        self.assertEqual(check_in["details"]["locationVerified"], "true")
        self.assertEqual(next(event for event in detail["events"] if event["kind"] == "accept")["workerId"], worker["id"])

        # The elder rates the visit on the worker's phone, with a recorded voice rating.
        Select(phone.find(mine + ' [data-path="rating.stars"]')).select_by_value("5")
        record = phone.find(mine + " .voice button")
        phone.click(record)
        phone.until("recording", lambda: "录音" in phone.text(mine + " .voice"))
        time.sleep(1.2)
        phone.click(record)
        phone.find(mine + " .voice audio")
        phone.click(phone.find(mine + " form button[type=submit]"))
        fed.wait_for("the rating", lambda: fed.api(community, "GET", f"/orders/{order['id']}")[1]["order"]["status"] == "rated", timeout=15)
        _, detail = fed.api(community, "GET", f"/orders/{order['id']}")
        rate = next(event for event in detail["events"] if event["kind"] == "rate")
        self.assertEqual(rate["details"]["stars"], "5")
        self.assertEqual(len(rate["details"]["voice"]), 64)
        status, recording = fed.api(community, "GET", f"/blobs/{rate['details']['voice']}")
        self.assertEqual(status, 200)
        self.assertEqual(recording[:4] + recording[8:12], b"RIFFWAVE")


if __name__ == "__main__":
    unittest.main()
