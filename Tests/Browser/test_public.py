"""The public channel in the console (公众服务 §5.1.2.3): a family files a service request at the
county without an account; at the community it named, station staff find it on the public
submissions screen, pick the registered elder (it becomes a service order) and answer it; the
family's tracking lookup at the county shows the answer and nothing personal."""
import json
import urllib.request

import context
from test_console import PASSWORD, ConsoleTestCase


class PublicTests(ConsoleTestCase):
    def public(self, fed, code, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(fed.urls[code] + "/api/v1/public" + path, data=data, method=method)
        if data is not None:
            request.add_header("content-type", "application/json")
        with urllib.request.urlopen(request, context=fed.context, timeout=30) as response:
            return response.status, json.loads(response.read())

    def test_a_station_turns_a_familys_request_into_an_order_and_answers_it(self):
        fed = context.federation()
        county = fed.code("county")
        community = fed.code("community")
        _, elders = fed.api(community, "GET", "/elders?limit=1")
        elder = elders["items"][0]
        status, filed = self.public(fed, county, "POST", "/requests", {
            "kind": "service", "community": community, "name": elder["name"], "contactPhone": "13900001111",
            "address": "测试路9号", "category": "meals", "description": "浏览器测试：希望送午餐",
        })
        self.assertEqual(status, 201, filed)
        tracking = filed["tracking"]
        fed.wait_for("the request at the community", lambda: any(
            s["tracking"] == tracking for s in fed.api(community, "GET", "/public-submissions")[1]["items"]), timeout=60)

        fed.add_user(community, "t-public", "stationStaff", PASSWORD)
        page = self.browser()
        page.open(fed.urls[community])
        page.sign_in("t-public", PASSWORD, "elders")
        page.driver.execute_script("location.hash = '#/publicSubmissions'")
        card = page.until("the request's card", lambda: next((c for c in page.all("article.submission") if c.get_attribute("data-tracking") == tracking), None))
        self.assertIn("13900001111", card.text)
        card.find_element("css selector", "input[type=search]").send_keys(elder["name"])
        page.click(page.until("the elder among the results", lambda: next((o for o in card.find_elements("css selector", ".finder-option") if o.get_attribute("data-id") == elder["id"]), None)))

        def current():
            return next((c for c in page.all("article.submission") if c.get_attribute("data-tracking") == tracking), None)
        # Taken: it leaves the "received" list; the taken list shows it with its answer box.
        page.until("taken", lambda: current() is None, timeout=10)
        submission = next(s for s in fed.api(community, "GET", "/public-submissions?status=taken")[1]["items"] if s["tracking"] == tracking)
        self.assertEqual(submission["takenTarget"], "order")
        status, order = fed.api(community, "GET", f"/orders/{submission['takenRecordId']}")
        self.assertEqual(status, 200, order)
        self.assertIn(elder["id"], json.dumps(order))
        page.driver.execute_script(
            "const s = document.querySelector('#submission-status'); s.value = 'taken'; s.dispatchEvent(new Event('change'));")
        card = page.until("the taken card", lambda: current())
        card.find_element("css selector", "textarea").send_keys("已安排助餐，明日起送餐")
        page.click(card.find_element("css selector", "button.answer-submission"))
        page.until("answered", lambda: current() is None, timeout=10)

        fed.wait_for("the answer at the county", lambda: self.public(fed, county, "GET", f"/requests/{tracking}")[1]["status"] == "answered", timeout=60)
        _, followed = self.public(fed, county, "GET", f"/requests/{tracking}")
        self.assertEqual(followed["answer"], "已安排助餐，明日起送餐")
        self.assertNotIn("13900001111", json.dumps(followed, ensure_ascii=False))
        self.assertNotIn(elder["name"], json.dumps(followed, ensure_ascii=False))
        page.screenshot("public-done")

    def test_a_family_files_a_request_on_the_public_page_and_follows_it(self):
        fed = context.federation()
        county = fed.code("county")
        community = fed.code("community")
        page = self.browser()
        page.driver.get(fed.urls[county] + "/console/public.html")
        page.find("#organisation-community").send_keys(community)
        page.click(page.find("#organisation-search button[type=submit]"))
        page.until("the organisations serving the community", lambda: page.all("#organisation-table tbody tr"), timeout=10)
        form = page.find("#request-form")
        form.find_element("css selector", "#request-community").send_keys(community)
        form.find_element("css selector", "#request-name").send_keys("页面测试老人")
        # A phone that is none is refused, naming the field in Chinese and English; nothing is filed.
        form.find_element("css selector", "#request-phone").send_keys("call me")
        form.find_element("css selector", "#request-address").send_keys("测试路10号")
        form.find_element("css selector", "#request-category option[value=bathing]").click()
        form.find_element("css selector", "#request-description").send_keys("页面测试：希望每周助浴一次")
        page.expect("/api/v1/public/requests", 422)
        page.click(form.find_element("css selector", "button[type=submit]"))
        page.until("the refusal", lambda: "contactPhone" in page.text("#request-result") and "电话" in page.text("#request-result"), timeout=10)
        phone = form.find_element("css selector", "#request-phone")
        phone.clear()
        phone.send_keys("13900002222")
        page.click(form.find_element("css selector", "button[type=submit]"))
        page.until("the tracking number", lambda: "查询编号" in page.text("#request-result") and page.find("#tracking-number").get_attribute("value"), timeout=10)
        tracking = page.find("#tracking-number").get_attribute("value")
        self.assertEqual(len(tracking), 12)
        page.click(page.find("#tracking-form button[type=submit]"))
        page.until("its status", lambda: page.all("#tracking-facts [data-status=received]"), timeout=10)
        self.assertNotIn("13900002222", page.text("#tracking-result"))
        page.screenshot("public-page")
