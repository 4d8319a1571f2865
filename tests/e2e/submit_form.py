#!/usr/bin/env python3
"""Submits the first multipart form of a page with a file, as a browser does:
multipart/form-data with a Content-Length and no «Expect: 100-continue», so the server sees the
whole size in the header. Prints the status; the response body goes to OUT.

Usage: submit_form.py BASE JAR PATH OUT FILE_BYTES [NAME=VALUE…]
JAR is the curl cookie jar of a signed-in user (tests/e2e/lib.sh's `login`, which also answers
the TOTP step), whose session is reused.
NAME=VALUE replaces every value the form has for NAME (give NAME several times for a list);
the file goes to the form's first file input."""
import html.parser
import http.client
import os
import sys
import urllib.parse

base, jar, path, out, size = sys.argv[1:6]
extra = sys.argv[6:]
url = urllib.parse.urlsplit(base)
cookies = {}
with open(jar, encoding="utf-8") as lines:  # Netscape format; HttpOnly lines start with #HttpOnly_
    for line in lines:
        if line.startswith("#HttpOnly_"):
            line = line[len("#HttpOnly_"):]
        elif line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) == 7:
            cookies[cols[5]] = cols[6]
if "hk_session" not in cookies:
    sys.exit(f"{jar} holds no session: sign in first")


def request(method, target, body=b"", headers=None):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    h = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if method == "POST":
        h["Origin"] = base
        h["Content-Length"] = str(len(body))
    h.update(headers or {})
    conn.putrequest(method, target, skip_accept_encoding=True)
    for k, v in h.items():
        conn.putheader(k, v)
    conn.endheaders()
    if body:
        conn.send(body)
    response = conn.getresponse()
    data = response.read()
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            k, _, v = pair.partition("=")
            cookies[k.strip()] = v.strip()
    conn.close()
    return response.status, data.decode("utf-8", "replace")


class Forms(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action", ""), "enctype": a.get("enctype", ""),
                         "fields": [], "files": []}
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if "name" not in a or kind in ("submit", "button"):
                return
            if kind == "file":
                self.form["files"].append(a["name"])
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.form["fields"].append((a["name"], a.get("value", "on")))
            else:
                self.form["fields"].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = {"name": a.get("name"), "first": None, "selected": None}
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in a:
                self.select["selected"] = value
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None and self.form is not None:
            s = self.select
            value = s["selected"] if s["selected"] is not None else s["first"]
            if s["name"] and value is not None:
                self.form["fields"].append((s["name"], value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            self.form["fields"].append(tuple(self.textarea))
            self.textarea = None


def csrf_of(page):
    parser = Forms()
    parser.feed(page)
    for form in parser.forms:
        for name, value in form["fields"]:
            if name == "csrf":
                return value
    sys.exit("no csrf field on the page")


status, page = request("GET", path)
parser = Forms()
parser.feed(page)
forms = [f for f in parser.forms if f["files"]]
if not forms:
    sys.exit(f"{path} has no form with a file input")
form = forms[0]
fields = list(form["fields"])
overrides = {}
for item in extra:
    name, _, value = item.partition("=")
    overrides.setdefault(name, []).append(value)
fields = [(n, v) for n, v in fields if n not in overrides]
for name, values in overrides.items():
    fields += [(name, v) for v in values]

boundary = "----hkform" + os.urandom(8).hex()
parts = []
for name, value in fields:
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                 .encode() + value.encode() + b"\r\n")
data = b"%PDF-1.4\n" + b"0" * (int(size) - 9)
parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{form["files"][0]}"; '
             f'filename="rapport.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode() +
             data + b"\r\n")
body = b"".join(parts) + f"--{boundary}--\r\n".encode()
action = form["action"] or path
status, page = request("POST", action, body,
                       {"Content-Type": f"multipart/form-data; boundary={boundary}"})
with open(out, "w", encoding="utf-8") as f:
    f.write(page)
print(status)
