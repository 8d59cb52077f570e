"""Load test: commune officials reading their pages (80 %) and updating statuses (20 %).

Run by bench/loadtest.sh (which starts gunicorn, prepares the accounts and checks the
database afterwards); by hand:

    locust -f bench/locustfile.py --headless -u 50 -r 10 -t 2m --host http://127.0.0.1:8765

Environment:
    NTM_LOAD_USERS     JSON written by `bench/loadcheck.py prepare`: one account per locust
                       user (username, password, commune, the statuses it may edit)
    NTM_LOAD_RESULTS   where to write what happened (default var/bench/load-results.json):
                       every confirmed update (status, unique note token), refusals, errors,
                       and each request's time, for bench/loadcheck.py verify
    NTM_WAIT_MIN/MAX   think time between actions, seconds (default 1 and 3)

Each locust user signs in once as a different synthetic commune official (the real login
form: CSRF, password check, django-axes). An update GETs the status form, waits like a
person filling it in, then POSTs it with the version the form carried and a note with a
unique token: 302 = saved; the form again with "vừa được … cập nhật" = refused because
someone saved in between (two accounts share some communes, so this happens); anything else
is an error.
"""

import itertools
import json
import os
import random
import re
import time
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(
    Path(os.environ.get("NTM_LOAD_USERS", "var/bench/load-users.json")).read_text()
)
RESULTS = Path(os.environ.get("NTM_LOAD_RESULTS", "var/bench/load-results.json"))
WAIT = (float(os.environ.get("NTM_WAIT_MIN", "1")), float(os.environ.get("NTM_WAIT_MAX", "3")))
_next_account = itertools.count()

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(
    r'<input[^>]*name="version"[^>]*value="(\d+)"|<input[^>]*value="(\d+)"[^>]*name="version"'
)
STALE = "vừa được"  # criteria.services.status_update's refusal of a stale version

outcome = {"ok": [], "refused": [], "failed": [], "errors": [], "samples": []}


@events.request.add_listener
def _sample(request_type, name, response_time, exception, start_time=None, **kwargs):
    """Every request's time and outcome, for percentiles without the sign-in."""
    outcome["samples"].append(
        (round(start_time or time.time(), 3), name, round(response_time, 1), exception is None)
    )
    if exception is not None:
        outcome["errors"].append((round(time.time(), 3), name, str(exception)[:200]))


@events.quitting.add_listener
def _write(environment, **kwargs):
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(outcome))


def _csrf(response) -> str:
    match = CSRF.search(response.text)
    if not match:
        raise ValueError("no CSRF token in the page")
    return match.group(1)


class CommuneOfficial(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self):
        self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        self.commune = self.account["commune"]
        page = self.client.get("/dang-nhap/", name="login form")
        with self.client.post(
            "/dang-nhap/",
            {
                "username": self.account["username"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": _csrf(page),
            },
            headers={"Referer": f"{self.host}/dang-nhap/"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused ({response.status_code})")

    # --- reads: 80 % -------------------------------------------------------------------------

    @task(12)
    def commune_page(self):
        self.client.get(f"/xa/{self.commune}/", name="/xa/[pk]/")

    @task(4)
    def commune_dashboard(self):
        self.client.get(f"/tong-hop/xa/{self.commune}/", name="/tong-hop/xa/[pk]/")

    @task(4)
    def commune_tasks(self):
        self.client.get(f"/xa/{self.commune}/nhiem-vu/", name="/xa/[pk]/nhiem-vu/")

    @task(4)
    def status_history(self):
        pk = random.choice(self.account["statuses"])  # noqa: S311
        self.client.get(f"/chi-tieu/{pk}/lich-su/", name="/chi-tieu/[pk]/lich-su/")

    @task(2)
    def commune_trail(self):
        self.client.get(f"/xa/{self.commune}/nhat-ky/", name="/xa/[pk]/nhat-ky/")

    @task(2)
    def commune_list(self):
        self.client.get("/xa/", name="/xa/")

    # --- updates: 20 % -----------------------------------------------------------------------

    @task(7)
    def update_status(self):
        pk = random.choice(self.account["statuses"])  # noqa: S311
        url = f"/chi-tieu/{pk}/cap-nhat/"
        form = self.client.get(url, name="/chi-tieu/[pk]/cap-nhat/ (form)")
        if form.status_code != 200:
            return
        match = VERSION.search(form.text)
        if not match:
            return
        version = match.group(1) or match.group(2)
        time.sleep(random.uniform(0.5, 2.0))  # noqa: S311 – filling in the form
        token = uuid.uuid4().hex[:12]
        data = {
            "csrfmiddlewaretoken": _csrf(form),
            "status": random.choice(["dat", "chua_dat"]),  # noqa: S311
            "note": f"Thử tải {token}: cập nhật theo biên bản kiểm tra.",
            "value": "",
            "version": version,
        }
        with self.client.post(
            url,
            data,
            headers={"Referer": f"{self.host}{url}"},
            name="/chi-tieu/[pk]/cap-nhat/ (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            now = round(time.time(), 3)
            if response.status_code == 302:
                outcome["ok"].append((pk, token, now))
            elif response.status_code == 200 and STALE in response.text:
                outcome["refused"].append((pk, token, now))  # an answer, not an error
            else:
                outcome["failed"].append((pk, token, now, response.status_code))
                response.failure(f"update not saved ({response.status_code})")
