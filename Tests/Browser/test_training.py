"""Training in the console (服务培训, Anhui §5.2.2.5): a street clerk uploads a PDF that is not
one (refused, nothing written), then a real PDF with a new course; schedules a session,
registers a worker and records attendance and a certificate; the staff record shows the
certificate, and the course reaches the county."""
import os
import tempfile

from selenium.webdriver.support.ui import Select

import context
from test_console import PASSWORD, ConsoleTestCase


class TrainingTests(ConsoleTestCase):
    def test_a_street_clerk_authors_a_course_with_a_pdf_and_records_a_session_and_a_certificate(self):
        fed = context.federation()
        street = fed.code("street")
        county = fed.code("county")
        _, staff = fed.api(street, "GET", "/staff?limit=50")
        worker = staff["items"][0]
        fed.add_user(street, "t-training", "clerk", PASSWORD)
        folder = tempfile.mkdtemp()
        fake = os.path.join(folder, "不是PDF.pdf")
        with open(fake, "wb") as f:
            f.write(b"just text, not a PDF" * 20)
        real = os.path.join(folder, "照护手册.pdf")
        with open(real, "wb") as f:
            f.write(b"%PDF-1.4\n" + b"%" * 2000)

        page = self.browser()
        page.open(fed.urls[street])
        page.sign_in("t-training", PASSWORD, "intake")
        page.driver.execute_script("location.hash = '#/training'")
        form = page.find("#course-form form")
        form.find_element("css selector", '[data-path="title"]').send_keys("失能老人居家照护")
        form.find_element("css selector", '[data-path="studyMinutes"]').send_keys("90")
        form.find_element("css selector", "#course-files").send_keys(fake)
        page.expect("/api/v1/blobs", 415)
        page.click(form.find_element("css selector", "button[type=submit]"))
        page.until("the refusal shown", lambda: "文件头" in page.text("#course-form .form-errors") or "signature" in page.text("#course-form .form-errors"))
        self.assertEqual(fed.api(street, "GET", "/courses")[1]["total"], 0, "a refused upload wrote a course")

        form = page.find("#course-form form")
        files = form.find_element("css selector", "#course-files")
        files.clear()
        files.send_keys(real)
        page.click(form.find_element("css selector", "button[type=submit]"))
        course = page.until("the course", lambda: next(iter(fed.api(street, "GET", "/courses")[1]["items"]), None))
        self.assertEqual([m["kind"] for m in course["materials"]], ["document"])
        page.until("the course listed", lambda: "失能老人居家照护" in page.text("#course-table"), timeout=10)

        session = page.find("#session-form form")
        Select(session.find_element("css selector", '[data-path="courseId"]')).select_by_value(course["id"])
        page.driver.execute_script("arguments[0].value = '2030-05-06T09:30'", session.find_element("css selector", '[data-path="startsAt"]'))
        session.find_element("css selector", '[data-path="place"]').send_keys("街道养老服务中心三楼")
        session.find_element("css selector", '[data-path="capacity"]').send_keys("12")
        session.find_element("css selector", '[data-path="trainer"]').send_keys("李护士长")
        page.click(session.find_element("css selector", "button[type=submit]"))
        row = page.until("the session row", lambda: next((r for r in page.all("#session-table tbody tr") if "街道养老服务中心三楼" in r.text), None), timeout=10)
        Select(row.find_element("css selector", "select")).select_by_value(worker["id"])
        page.click(row.find_element("css selector", "button.register"))
        row = page.until("registered", lambda: next((r for r in page.all("#session-table tbody tr") if worker["name"] in r.text and "1 / 12" in r.text), None), timeout=10)
        Select(row.find_element("css selector", "select")).select_by_value(worker["id"])
        page.click(row.find_element("css selector", "button.attend"))
        page.until("attended", lambda: fed.api(street, "GET", f"/staff/{worker['id']}/training")[1]["sessions"][0]["attended"] is True)

        # The screen redraws its lists once the attendance lands; a form filled while it does is
        # filled again (page.until retries on a stale element).
        def record_certificate():
            Select(page.find("#staff-pick")).select_by_value(worker["id"])
            record = page.find("#training-record-form form")
            Select(record.find_element("css selector", '[data-path="kind"]')).select_by_value("certificate")
            Select(record.find_element("css selector", '[data-path="courseId"]')).select_by_value(course["id"])
            number = record.find_element("css selector", '[data-path="certificateNumber"]')
            number.clear()
            number.send_keys("JD-2030-007")
            page.driver.execute_script("arguments[0].value = '2030-05-06'", record.find_element("css selector", '[data-path="issuedOn"]'))
            page.click(record.find_element("css selector", "button[type=submit]"))
            return True
        page.until("the certificate form sent", record_certificate)
        page.until("the certificate on the record", lambda: "JD-2030-007" in page.text("#staff-training"), timeout=10)
        fed.wait_for("the course and the certificate at the county", lambda: fed.api(county, "GET", f"/courses/{course['id']}")[0] == 200
                     and len(fed.api(county, "GET", f"/staff/{worker['id']}/training")[1].get("certificates", [])) == 1)
        page.screenshot("training-done")
