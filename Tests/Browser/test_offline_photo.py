"""A caregiver completes a visit with a photo while the phone has no network: the step and its
photo wait on the phone (the photo's bytes in IndexedDB), and when the network returns the photo
is uploaded and then the step that names it, and both are at the node."""
import datetime
import hashlib
import os
import tempfile

from test_console import CST, PASSWORD, ConsoleTestCase, png

import context


class OfflinePhotoTests(ConsoleTestCase):
    def visit_in_progress(self, fed, community):
        """An order at the station, dispatched, accepted for a staff member of the organisation
        and checked in, all through the API; returns (order, worker)."""
        county = fed.code("county")
        _, elders = fed.api(community, "GET", "/elders?limit=50")
        elder = next(e for e in elders["items"] if e["address"].get("latitude") is not None)
        _, organisations = fed.api(county, "GET", "/organisations?limit=200")
        _, everyone = fed.api(community, "GET", "/staff?limit=500")
        names = [person["name"] for person in everyone["items"]]
        workers = {p["organisationId"]: p for p in everyone["items"] if p.get("organisationId") and names.count(p["name"]) == 1}
        organisation = next(o for o in organisations["items"]
                            if community in o["communities"] and o["id"] in workers and o["creditStatus"] != "blacklisted")
        worker = workers[organisation["id"]]
        wanted = datetime.datetime.now(CST).replace(microsecond=0).isoformat()
        status, order = fed.api(community, "POST", "/orders", {"elderId": elder["id"], "category": organisation["categories"][0],
                                                               "channel": "phone", "wantedAt": wanted, "notes": "离线照片测试"})
        self.assertEqual(status, 201, order)
        for step in ({"kind": "dispatch", "organisationId": organisation["id"]},
                     {"kind": "accept", "workerId": worker["id"]},
                     {"kind": "checkIn", "location": {"latitude": elder["address"]["latitude"], "longitude": elder["address"]["longitude"]}}):
            status, answer = fed.api(community, "POST", f"/orders/{order['id']}/events", step)
            self.assertEqual(status, 201, f"{step['kind']}: {answer}")
        fed.add_user(community, worker["name"], "caregiver", PASSWORD, organisation=organisation["id"], staff=worker["id"])
        return order, worker

    def test_a_photo_taken_offline_goes_with_its_step_when_the_network_returns(self):
        fed = context.federation()
        community = fed.code("community", 2)
        order, worker = self.visit_in_progress(fed, community)
        photo = png(os.path.join(tempfile.mkdtemp(), "offline-after.png"))
        with open(photo, "rb") as f:
            sha256 = hashlib.sha256(f.read()).hexdigest()

        phone = self.browser(390, 844, mobile=True)
        phone.open(fed.urls[community])
        phone.sign_in(worker["name"], PASSWORD, "caregiver")
        mine = f'#today [data-order="{order["id"]}"]'
        complete = phone.find(mine + ' [data-action="complete"]', timeout=20)

        phone.offline(True)
        phone.click(complete)
        phone.find(mine + ' input[type=file][data-stage="after"]').send_keys(photo)
        phone.find(mine + ' [data-path="items"]').send_keys("协助洗浴")
        phone.find(mine + ' [data-path="durationMinutes"]').send_keys("45")
        phone.click(phone.find(mine + " form button[type=submit]"))
        phone.until("the step kept on the phone", lambda: "1" in phone.text("#outbox-note"))
        waiting = phone.driver.execute_script("return JSON.parse(localStorage.getItem('carenode.outbox'))")
        self.assertEqual(len(waiting), 1)
        self.assertEqual((waiting[0]["body"]["kind"], len(waiting[0]["files"]), waiting[0]["files"][0]["stage"]), ("complete", 1, "after"))
        self.assertNotIn("photos", waiting[0]["body"], "the photo was not uploaded, so the step cannot name it yet")
        phone.screenshot("caregiver-offline-photo")
        # Nothing has reached the node: neither the step nor the photo.
        self.assertEqual(fed.api(community, "GET", f"/orders/{order['id']}")[1]["order"]["status"], "checkedIn")
        self.assertEqual(fed.api(community, "GET", f"/blobs/{sha256}")[0], 404)

        phone.offline(False)
        detail = fed.wait_for("the completion at the node", lambda: (d := fed.api(community, "GET", f"/orders/{order['id']}")[1])
                              and d["order"]["status"] == "completed" and d, timeout=20)
        complete_event = next(event for event in detail["events"] if event["kind"] == "complete")
        self.assertEqual(complete_event["details"]["photosAfter"], sha256)
        self.assertEqual(complete_event["details"]["durationMinutes"], "45")
        status, stored = fed.api(community, "GET", f"/blobs/{sha256}")
        self.assertEqual(status, 200)
        with open(photo, "rb") as f:
            self.assertEqual(stored, f.read())
        phone.until("the outbox empty", lambda: not phone.find("#outbox-note", visible=False).is_displayed())
        self.assertEqual(phone.driver.execute_script("return JSON.parse(localStorage.getItem('carenode.outbox'))"), [])
        # The photo's bytes are gone from the phone once sent.
        left = phone.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            const request = indexedDB.open('carenode-outbox', 1);
            request.onsuccess = () => { const count = request.result.transaction('files').objectStore('files').count(); count.onsuccess = () => done(count.result); };
            request.onerror = () => done(-1);""")
        self.assertEqual(left, 0)
