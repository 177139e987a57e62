"""A demo federation (`carenode demo`) for the browser tests: its nodes' addresses, operator
accounts made with `carenode user add`, and a small client for the JSON API."""
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

ADDRESS = re.compile(r"^\s*(county|street|community)\s+(\d{6,12})\s+(https://\S+)")


class Federation:
    """Starts `carenode demo` in a temporary folder and stops it (and removes the folder) on close."""

    def __init__(self, binary, elders=6, mqtt=None):
        self.binary = binary
        self.directory = tempfile.mkdtemp(prefix="carenode-browser-")
        self.log = open(os.path.join(self.directory, "demo.log"), "w+")
        command = [binary, "demo", "--data", os.path.join(self.directory, "nodes"), "--elders", str(elders)]
        if os.environ.get("CARENODE_CONSOLE_DIR"):
            # A working copy of the console instead of the binary's bundle (while editing it).
            command += ["--console-dir", os.environ["CARENODE_CONSOLE_DIR"]]
        if mqtt:
            # Every community subscribes to its device topics at this broker (HOST:PORT).
            command += ["--mqtt", mqtt]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.urls = {}
        self.roles = {}
        deadline = time.time() + 120
        for line in self.process.stdout:
            match = ADDRESS.match(line)
            if match:
                self.roles[match.group(2)] = match.group(1)
                self.urls[match.group(2)] = match.group(3).rstrip("/")
            if "running; press Ctrl-C" in line or line.startswith("data:"):
                break
            if time.time() > deadline:
                raise RuntimeError("carenode demo did not start within 120 s")
        if not self.urls:
            self.close()
            raise RuntimeError("carenode demo printed no node addresses; see " + self.log.name)
        self.ca = os.path.join(self.directory, "nodes", "ca", "ca.pem")
        self.context = ssl.create_default_context(cafile=self.ca)
        self.context.check_hostname = False
        self.admin_tokens = {}

    def code(self, role, index=0):
        return sorted(code for code, r in self.roles.items() if r == role)[index]

    def add_user(self, code, name, role, password, organisation=None, staff=None):
        """Adds an account with `carenode user add`; caregivers and organisation admins name their
        organisation, and a caregiver the staff record orders name as the worker."""
        command = [self.binary, "user", "add", "--code", code, "--data", os.path.join(self.directory, "nodes", code),
                   "--name", name, "--role", role, "--password", password]
        if organisation:
            command += ["--organisation", organisation]
        if staff:
            command += ["--staff", staff]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def api(self, code, method, path, body=None, token=None, headers=None, raw=None, content_type="application/json"):
        """Calls the node's API; returns (status, JSON or None). A token defaults to the demo admin's."""
        token = token or self.admin_token(code)
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.urls[code] + "/api/v1" + path, data=data, method=method)
        if token:
            request.add_header("authorization", "Bearer " + token)
        if data is not None:
            request.add_header("content-type", content_type)
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
                body = response.read()
                if "json" not in response.headers.get("content-type", ""):
                    return response.status, body
                return response.status, json.loads(body) if body else None
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, json.loads(text) if text.startswith("{") else text

    def admin_token(self, code):
        if code not in self.admin_tokens:
            status, answer = self.api(code, "POST", "/session", {"name": "admin", "password": "carenode-demo"}, token="-")
            assert status == 201, f"admin sign-in at {code}: {status} {answer}"
            self.admin_tokens[code] = answer["token"]
        return self.admin_tokens[code]

    def wait_for(self, what, check, timeout=30, interval=0.5):
        """Polls `check` until it returns something truthy; fails naming `what` after `timeout` s."""
        deadline = time.time() + timeout
        while True:
            value = check()
            if value:
                return value
            if time.time() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            time.sleep(interval)

    def close(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        if os.environ.get("CARENODE_KEEP_BROWSER_DATA") != "1":
            shutil.rmtree(self.directory, ignore_errors=True)
