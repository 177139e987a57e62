"""Headless Chromium through Debian's chromedriver, with the browser log kept for checking."""
import os
import re
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

SHOTS = os.environ.get("CARENODE_SCREENSHOTS", "/tmp/carenode-console-screenshots")
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def chromium(width=1440, height=900, mobile=False):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 f"--window-size={width},{height}", "--autoplay-policy=no-user-gesture-required",
                 "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--lang=zh-CN"]:
        options.add_argument(flag)
    # Each node makes its own CA: the browser is not told to trust it, only to accept it.
    options.accept_insecure_certs = True
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if mobile:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 1.0, "touch": True},
            "userAgent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.set_window_size(width, height)
    if not mobile:
        # The window's size includes its frame: make the page itself width × height, so that a
        # screenshot at 1440×900 is one.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    return Page(driver)


FAILED_LOAD = re.compile(r"(/api/v1/\S*) - Failed to load resource: the server responded with a status of (\d{3})")


class Page:
    def __init__(self, driver):
        self.driver = driver
        # API answers a test provokes on purpose (a 422 for a bad field): Chromium logs every
        # 4xx as an error, but these are the console working, not failing.
        self.expected = set()
        self.offline_expected = False

    def expect(self, path, status):
        self.expected.add((path, status))

    def offline(self, on):
        """Cuts the page's network (Chromium's own emulation) or gives it back."""
        self.offline_expected = self.offline_expected or on
        self.driver.execute_cdp_cmd("Network.enable", {})
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": on, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})

    def open(self, url):
        self.driver.get(url + "/console/")

    def find(self, css, timeout=15, visible=True):
        condition = EC.visibility_of_element_located if visible else EC.presence_of_element_located
        try:
            return WebDriverWait(self.driver, timeout).until(condition((By.CSS_SELECTOR, css)))
        except TimeoutException:
            raise AssertionError(f"no {css} within {timeout} s; page text: {self.text()[:800]}")

    def click(self, element):
        """Clicks an element after bringing it to the middle of the window, clear of fixed bars."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def until(self, what, check, timeout=15):
        try:
            # Live screens redraw (a table on each alert event): a row read as it is replaced is read again.
            return WebDriverWait(self.driver, timeout, poll_frequency=0.2, ignored_exceptions=[StaleElementReferenceException]).until(lambda _: check())
        except TimeoutException:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}; page text: {self.text()[:800]}")

    def text(self, css="body"):
        try:
            return self.driver.find_element(By.CSS_SELECTOR, css).text
        except Exception:
            return ""

    def sign_in(self, name, password, home):
        self.find("#signin-form input[name=name]").send_keys(name)
        self.find("#signin-form input[name=password]").send_keys(password)
        self.find("#signin-form button[type=submit]").click()
        self.until(f"the {home} home", lambda: self.driver.execute_script(
            "return document.querySelector('main').dataset.screen") == home, timeout=20)
        # Drawn once its loading line is gone.
        self.until(f"{home} to finish loading", lambda: not self.all("main .loading") and self.all(f"#screen-{home}"), timeout=20)

    def screenshot(self, name):
        os.makedirs(SHOTS, exist_ok=True)
        path = os.path.join(SHOTS, f"{name}.png")
        self.driver.save_screenshot(path)
        return path

    def errors(self):
        """Severe entries of the browser log since the last call (failed loads, uncaught errors),
        but for the API answers the test said it would provoke."""
        def expected(entry):
            if self.offline_expected and "net::ERR_INTERNET_DISCONNECTED" in entry["message"]:
                return True
            match = FAILED_LOAD.search(entry["message"])
            return match and any(match.group(1).startswith(path) and int(match.group(2)) == status for path, status in self.expected)
        return [entry for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE" and not expected(entry)]

    def close(self):
        self.driver.quit()


def settle(seconds=0.3):
    time.sleep(seconds)
