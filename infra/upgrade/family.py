#!/usr/bin/env python3
"""A family written by one release and read back by the next.

    family.py write BASE_URL SETUP_TOKEN STATE.json   # through the previous release
    family.py check BASE_URL STATE.json               # through the new release

`write` registers the site's first account, creates a family with a child, two
visits, two measurements, an illness and an uploaded PDF, then records what the
API answers for each of them and the file's bytes. `check` signs in as the same
account and asks again: every field the previous release answered must come back
with the same value (a new release may add fields), and the file's bytes must be
identical. Exits non-zero on the first difference, naming it.
"""

import hashlib
import json
import sys
import urllib.error
import urllib.request

PASSWORD = "upgrade-check-Passw0rd!"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def call(method, url, body=None, token=None, raw=None, content_type=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("content-type", content_type or "application/json")
    if token:
        request.add_header("authorization", f"Bearer {token}")
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def api(method, base, path, body=None, token=None, expect=(200, 201)):
    status, _, payload = call(method, base + path, body, token)
    if status not in expect:
        sys.exit(f"{method} {path}: {status} {payload[:300]!r}")
    return json.loads(payload) if payload else None


def reads(base, token, state):
    """What the owner reads of the family, with presigned links left out."""
    family, child = state["family"], state["child"]
    paths = [
        f"/api/families/{family}",
        f"/api/families/{family}/members",
        f"/api/children/{child}",
        f"/api/children/{child}/visits",
        f"/api/children/{child}/measurements",
        f"/api/children/{child}/illnesses",
        f"/api/children/{child}/attachments",
        f"/api/visits/{state['visit']}",
    ]
    return {path: unsigned(api("GET", base, path, token=token)) for path in paths}


def unsigned(value):
    if isinstance(value, str) and "X-Amz-Signature" in value:
        return "<presigned>"
    if isinstance(value, list):
        return [unsigned(v) for v in value]
    if isinstance(value, dict):
        return {k: unsigned(v) for k, v in value.items()}
    return value


def file_digest(base, token, attachment):
    status, headers, _ = call("GET", f"{base}/api/attachments/{attachment}", token=token)
    location = {k.lower(): v for k, v in headers.items()}.get("location")
    if status != 302 or not location:
        sys.exit(f"GET /api/attachments/{attachment}: {status}, no redirect to the file")
    status, _, content = call("GET", location)
    if status != 200:
        sys.exit(f"the file behind attachment {attachment}: {status}")
    return hashlib.sha256(content).hexdigest()


def write(base, setup_token, state_path):
    session = api("POST", base, "/api/auth/register", {
        "username": "upgrade_owner", "email": "upgrade.owner@example.org",
        "password": PASSWORD, "setup_token": setup_token}, expect=(201,))
    token = session["data"]["access_token"]
    family = api("POST", base, "/api/families", {"name": "The Upgrades"}, token)["data"]["id"]
    child = api("POST", base, "/api/children", {
        "family_id": family, "name": "Ada", "date_of_birth": "2024-01-15", "sex": "female"},
        token)["data"]["id"]
    visits = f"/api/children/{child}/visits"
    visit = api("POST", base, visits, {
        "type": "wellness", "visit_date": "2025-01-15", "provider": "Dr Quinn",
        "tags": ["checkup"], "vaccines": ["MMR"],
        "prescriptions": [{"medication": "Vitamin D", "dosage": "400 IU"}]}, token)["data"]["id"]
    api("POST", base, visits, {
        "type": "sick", "visit_date": "2025-02-10", "illness_types": ["flu"],
        "symptoms": "fever"}, token)
    measurements = f"/api/children/{child}/measurements"
    api("POST", base, measurements,
        {"measured_on": "2025-01-15", "weight_kg": 8.95, "height_cm": 74.0}, token)
    api("POST", base, measurements, {"measured_on": "2025-03-15", "weight_kg": 9.4}, token)
    api("POST", base, f"/api/children/{child}/illnesses", {
        "illness_types": ["ear_infection"], "start_date": "2025-02-08",
        "end_date": "2025-02-14", "max_temperature_c": 38.6},
        token)
    ticket = api("POST", base, "/api/attachments/upload", {
        "owner_type": "visit", "owner_id": visit, "filename": "lab.pdf",
        "content_type": "application/pdf", "size": len(PDF)}, token)["data"]
    status, _, _ = call("PUT", ticket["upload_url"], raw=PDF, content_type="application/pdf")
    if status // 100 != 2:
        sys.exit(f"the presigned upload answered {status}")
    attachment = api("POST", base, "/api/attachments", {
        "key": ticket["key"], "owner_type": "visit", "owner_id": visit,
        "filename": "lab.pdf"}, token)["data"]["id"]
    state = {"family": family, "child": child, "visit": visit, "attachment": attachment}
    state["reads"] = reads(base, token, state)
    state["file_sha256"] = file_digest(base, token, attachment)
    with open(state_path, "w") as out:
        json.dump(state, out, indent=1)
    print(f"wrote a family: {len(state['reads'])} reads, 1 file")


def differences(before, after, where="$"):
    """Every value of `before` that `after` lacks or answers differently."""
    if isinstance(before, dict):
        if not isinstance(after, dict):
            return [f"{where}: was an object, now {after!r}"]
        found = []
        for key, value in before.items():
            if key not in after:
                found.append(f"{where}.{key}: missing")
            else:
                found += differences(value, after[key], f"{where}.{key}")
        return found
    if isinstance(before, list):
        if not isinstance(after, list) or len(after) != len(before):
            return [f"{where}: {len(before)} items before, now {after!r:.200}"]
        found = []
        for i, (b, a) in enumerate(zip(before, after)):
            found += differences(b, a, f"{where}[{i}]")
        return found
    return [] if before == after else [f"{where}: {before!r} became {after!r}"]


def check(base, state_path):
    with open(state_path) as source:
        state = json.load(source)
    session = api("POST", base, "/api/auth/login",
                  {"login": "upgrade_owner", "password": PASSWORD}, expect=(200,))
    token = session["data"]["access_token"]
    now = reads(base, token, state)
    found = []
    for path, before in state["reads"].items():
        found += [f"{path} {d}" for d in differences(before, now[path])]
    if file_digest(base, token, state["attachment"]) != state["file_sha256"]:
        found.append("the uploaded file's bytes changed")
    if found:
        sys.exit("the upgrade changed what the family reads:\n  " + "\n  ".join(found))
    print(f"read back identical: {len(now)} reads and 1 file")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "write":
        write(sys.argv[2].rstrip("/"), sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        check(sys.argv[2].rstrip("/"), sys.argv[3])
    else:
        sys.exit(__doc__)
