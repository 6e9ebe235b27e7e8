"""Drives Debian's headless Chromium for the web UI tests, over the DevTools protocol on a pipe (stdlib only).

Chromium is started with --remote-debugging-pipe (commands on fd 3, answers and events on fd 4, each message a
JSON text ended by a NUL byte), a fresh profile, no background traffic, and every host name but loopback
unresolvable. The Swift test sends one command per line on stdin, as JSON {"id", "cmd", "arg"}; each gets one
answer line on stdout, {"id", "ok", "value"} or {"id", "ok": false, "error"}:

  goto <url>          open a page and wait for its load event; value: the page's URL
  eval <js>           evaluate an expression (a promise is awaited); value: its JSON value
  submit <js>         evaluate an expression that submits a form, wait for the next page's load; value: its URL
  screenshot <path>   save a PNG of the whole page
  quit                close Chromium and exit

Dialogs (a form's confirm()) are accepted, as a person clicking OK would.
Usage: browser_driver.py <scratch directory>
"""

import base64
import json
import os
import queue
import subprocess
import sys
import threading

TIMEOUT = 60


class Browser:
    def __init__(self, scratch):
        commands_read, self.commands = os.pipe()
        self.answers, answers_write = os.pipe()

        def wire_pipes():
            # Chromium reads commands on fd 3 and writes on fd 4.
            read_end, write_end = os.dup(commands_read), os.dup(answers_write)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--user-data-dir=" + os.path.join(scratch, "chromium-driver-profile"), "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--metrics-recording-only", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
             "about:blank"],
            preexec_fn=wire_pipes, close_fds=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(scratch, "chromium-driver.log"), "wb"))
        os.close(commands_read)
        os.close(answers_write)
        self.next_id = 0
        self.replies = {}
        self.events = queue.Queue()
        self.lock = threading.Condition()
        threading.Thread(target=self.read_messages, daemon=True).start()
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page.enable", "Runtime.enable"):
            self.call(domain, session=True)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=True)

    def read_messages(self):
        pending = b""
        while True:
            chunk = os.read(self.answers, 65536)
            if not chunk:
                with self.lock:
                    self.replies[None] = {"error": {"message": "chromium closed its pipe"}}
                    self.lock.notify_all()
                return
            pending += chunk
            while b"\0" in pending:
                text, pending = pending.split(b"\0", 1)
                message = json.loads(text)
                if "id" in message:
                    with self.lock:
                        self.replies[message["id"]] = message
                        self.lock.notify_all()
                else:
                    self.events.put(message)

    def call(self, method, params=None, session=False):
        with self.lock:
            self.next_id += 1
            number = self.next_id
        message = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        with self.lock:
            if not self.lock.wait_for(lambda: number in self.replies or None in self.replies, TIMEOUT):
                raise RuntimeError(f"{method}: no answer within {TIMEOUT} s")
            reply = self.replies.pop(number, None) or self.replies[None]
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error'].get('message')}")
        return reply["result"]

    def drain_events(self):
        while not self.events.empty():
            self.handle(self.events.get_nowait())

    def handle(self, event):
        if event.get("method") == "Page.javascriptDialogOpening":
            self.call("Page.handleJavaScriptDialog", {"accept": True}, session=True)

    def wait_for_load(self):
        while True:
            event = self.events.get(timeout=TIMEOUT)
            self.handle(event)
            if event.get("method") == "Page.loadEventFired":
                return self.evaluate("document.location.href")

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True, "timeout": TIMEOUT * 1000}, session=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise RuntimeError(details.get("exception", {}).get("description") or details.get("text"))
        return result["result"].get("value")

    def goto(self, url):
        self.drain_events()
        reply = self.call("Page.navigate", {"url": url}, session=True)
        if reply.get("errorText"):
            raise RuntimeError(f"{url}: {reply['errorText']}")
        return self.wait_for_load()

    def submit(self, expression):
        self.drain_events()
        self.evaluate(expression)
        return self.wait_for_load()

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=True)
        with open(path, "wb") as file:
            file.write(base64.b64decode(data["data"]))
        return path

    def close(self):
        try:
            self.call("Browser.close")
        except RuntimeError:
            pass
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()


def main():
    browser = Browser(sys.argv[1])
    actions = {"goto": browser.goto, "eval": browser.evaluate, "submit": browser.submit,
               "screenshot": browser.screenshot}
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "quit":
            break
        try:
            answer = {"id": command["id"], "ok": True, "value": actions[command["cmd"]](command["arg"])}
        except Exception as error:  # every failure goes back to the test, which reports it
            answer = {"id": command["id"], "ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)
    browser.close()


if __name__ == "__main__":
    main()
