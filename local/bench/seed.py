#!/usr/bin/env python3
"""Seeds the benchmark's data set through the API of a fresh local server.

One family; 20 children; on the first child 200 measurements, one every 9 days,
and 100 visits of mixed types (every fourth a sick visit naming two illnesses);
the POST run writes to the second child, so the read runs keep this data set;
and `--sessions` signed-in sessions of the bench user for the refresh run.
Prints the ids and tokens the benchmark needs as shell assignments.
"""
import argparse
import datetime
import json
import urllib.request

PASSWORD = "Bench-Password-1"


def call(base, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request) as response:
        text = response.read()
    return json.loads(text) if text else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--setup-token", required=True)
    parser.add_argument("--sessions", type=int, default=64)
    args = parser.parse_args()
    base = args.base

    session = call(base, "POST", "/api/auth/register", {
        "username": "bench", "email": "bench@example.org", "password": PASSWORD,
        "display_name": "Bench", "setup_token": args.setup_token,
    })["data"]
    token = session["access_token"]
    family = call(base, "POST", "/api/families", {"name": "Bench family"}, token)["data"]["id"]
    children = []
    for i in range(20):
        child = call(base, "POST", "/api/children", {
            "family_id": family, "name": f"Child {i + 1:02}",
            "date_of_birth": (datetime.date(2016, 1, 1) + datetime.timedelta(days=97 * i)).isoformat(),
            "sex": "female" if i % 2 else "male",
        }, token)["data"]["id"]
        children.append(child)
    child = children[0]

    born = datetime.date(2016, 1, 1)
    for i in range(200):
        day = born + datetime.timedelta(days=1 + 9 * i)
        call(base, "POST", f"/api/children/{child}/measurements", {
            "measured_on": day.isoformat(),
            "weight_kg": round(3.5 + i * 0.09, 2),
            "height_cm": round(50 + i * 0.35, 1),
        }, token)

    others = ["wellness", "injury", "wellness", "dental", "vision"]
    visit = None
    for i in range(100):
        kind = "sick" if i % 4 == 1 else others[i % 5]
        body = {
            "type": kind,
            "visit_date": (born + datetime.timedelta(days=5 + 18 * i)).isoformat(),
            "provider": "Dr. Bench", "notes": f"Visit {i + 1}",
        }
        if kind == "sick":
            body["illness_types"] = ["flu", "ear_infection"]
            body["symptoms"] = "fever, cough"
        if kind == "injury":
            body["injury_type"] = "sprain"
            body["injury_location"] = "ankle"
        created = call(base, "POST", f"/api/children/{child}/visits", body, token)["data"]
        visit = visit or created["id"]

    refresh = []
    for _ in range(args.sessions):
        refresh.append(call(base, "POST", "/api/auth/login",
                            {"login": "bench", "password": PASSWORD})["data"]["refresh_token"])

    print(f"TOKEN={token}")
    print(f"FAMILY={family}")
    print(f"CHILD={child}")
    print(f"OTHER_CHILD={children[1]}")
    print(f"VISIT={visit}")
    print(f"REFRESH_TOKENS='{' '.join(refresh)}'")


if __name__ == "__main__":
    main()
