"""An MQTT fall at a station pops up on the county's open console within 10 s and its sound
plays: a real mosquitto broker on a free loopback port, a demo federation whose communities
subscribe to it (`carenode demo --mqtt`), and the fall published with mosquitto_pub on the
device's topic, as a fall detector would send it."""
import datetime
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

from selenium.webdriver.common.by import By

import context
from federation import Federation
from test_console import CST, PASSWORD, ConsoleTestCase

MOSQUITTO = "/usr/sbin/mosquitto"
MOSQUITTO_PUB = "/usr/bin/mosquitto_pub"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Broker:
    """A mosquitto broker of its own, on 127.0.0.1 only, stopped (and its folder removed) on close."""

    def __init__(self):
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="carenode-mqtt-")
        config = os.path.join(self.directory, "mosquitto.conf")
        with open(config, "w") as f:
            f.write(f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest stderr\n")
        self.log = open(os.path.join(self.directory, "mosquitto.log"), "w+")
        self.process = subprocess.Popen([MOSQUITTO, "-c", config], stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        deadline = time.time() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if self.process.poll() is not None or time.time() > deadline:
                    self.close()
                    raise RuntimeError(f"mosquitto did not start on port {self.port}")
                time.sleep(0.1)

    def publish(self, topic, payload):
        subprocess.run([MOSQUITTO_PUB, "-h", "127.0.0.1", "-p", str(self.port), "-q", "1", "-t", topic, "-m", payload],
                       check=True, capture_output=True, text=True, timeout=10)

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


@unittest.skipUnless(os.path.exists(MOSQUITTO) and os.path.exists(MOSQUITTO_PUB), "mosquitto is not installed")
class MQTTFallTests(ConsoleTestCase):
    broker = None
    fed = None

    @classmethod
    def setUpClass(cls):
        cls.broker = Broker()
        try:
            # The broker must be up before the communities start: their first connection is made at start.
            cls.fed = Federation(context.federation().binary, elders=3, mqtt=f"127.0.0.1:{cls.broker.port}")
        except Exception:
            cls.broker.close()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.fed:
            cls.fed.close()
        if cls.broker:
            cls.broker.close()

    def test_an_mqtt_fall_at_a_station_pops_up_with_sound_at_the_county_within_ten_seconds(self):
        fed = self.fed
        community, county = fed.code("community", 1), fed.code("county")
        page = self.browser()
        page.open(fed.urls[county])
        fed.add_user(county, "t-watch-mqtt", "dispatcher", PASSWORD)
        page.sign_in("t-watch-mqtt", PASSWORD, "dispatch")
        page.until("the alert stream", lambda: page.driver.execute_script("return document.body.dataset.alertStream") == "open")
        _, devices = fed.api(community, "GET", "/devices?limit=20&status=active")
        device = next(d for d in devices["items"] if d["elderId"])
        _, elder = fed.api(community, "GET", f"/elders/{device['elderId']}")
        status, token = fed.api(community, "POST", f"/devices/{device['id']}/token", {})
        self.assertEqual(status, 201)
        before = {a["id"] for a in fed.api(county, "GET", "/alerts?limit=500")[1]["items"]}

        now = datetime.datetime.now(CST).replace(microsecond=0).isoformat()
        started = time.time()
        self.broker.publish(f"carenode/{community}/devices/{device['serial']}/events",
                            json.dumps({"token": token["token"], "events": [{"event": "fall", "timestamp": now}]}))
        popup = page.until("the pop-up of the fall", lambda: next((p for p in page.all(".alert-popup") if elder["name"] in p.text), None), timeout=10)
        elapsed = time.time() - started
        self.assertLess(elapsed, 10)
        alert_id = popup.get_attribute("data-alert-id")
        self.assertNotIn(alert_id, before)
        # It is the fall the device published, ingested at the station and escalated up from it.
        _, alert = fed.api(community, "GET", f"/alerts/{alert_id}")
        self.assertEqual((alert["alert"]["deviceSerial"], alert["alert"]["severity"]), (device["serial"], "critical"))
        page.until("the sound", lambda: popup.get_attribute("data-sound") == "played", timeout=3)
        self.assertGreaterEqual(int(page.driver.execute_script("return document.body.dataset.alertSounds")), 1)
        page.screenshot("county-alert-popup")

        popup.find_element(By.CSS_SELECTOR, '[data-step="acknowledge"]').click()
        fed.wait_for("the acknowledgement", lambda: fed.api(county, "GET", f"/alerts/{alert_id}")[1]["alert"]["status"] == "acknowledged")
        # The board lists it as acknowledged, by the elder's name, with the next steps.
        page.driver.execute_script("location.hash = '#/alerts'")
        steps = page.until("the alert on the board", lambda: next(([b.get_attribute("data-step") for b in r.find_elements(By.CSS_SELECTOR, "[data-step]")]
                                                                   for r in page.all("#alert-table tbody tr") if elder["name"] in r.text and "已确认" in r.text), None))
        self.assertEqual(steps, ["handle", "resolve", "falseAlarm"])
        page.screenshot("alert-board")
        print(f"\nMQTT fall at {community} popped up at {county} after {elapsed:.1f} s")
