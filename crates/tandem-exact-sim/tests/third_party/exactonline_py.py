"""Drives the simulator with a third-party Exact Online client, unchanged.

ossobv's `exactonline` library (PyPI) is written against the real service. It
logs in with OAuth2, reads `current/Me`, filters Accounts and pages through
`__next` links exactly as it would on start.exactonline.nl; here it is pointed
at the simulator's HTTPS base URL instead. Exits non-zero on any mismatch.

Usage: exactonline_py.py BASE_URL WORK_DIR
"""

import os
import sys
import urllib.error
import urllib.parse
import urllib.request

from exactonline.api import ExactApi
from exactonline.resource import GET
from exactonline.storage.ini import IniStorage

DEMO_CLIENT_ID = "b81cc4de-d192-400e-bcb4-09254394c52a"
DEMO_CLIENT_SECRET = "tandem-demo-secret"
MASTER = 102673


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Stops at the authorize redirect, as a browser hands it to the app."""

    def redirect_request(self, *args, **kwargs):
        return None


def main(base, work):
    config = os.path.join(work, "exactonline.ini")
    with open(config, "w") as f:
        f.write(
            f"[server]\nauth_url = {base}/api/oauth2/auth\nrest_url = {base}/api\n"
            f"token_url = {base}/api/oauth2/token\n"
            f"[application]\nbase_url = http://127.0.0.1:8976\n"
            f"client_id = {DEMO_CLIENT_ID}\nclient_secret = {DEMO_CLIENT_SECRET}\n"
            f"iteration_limit = 100\n[transient]\n"
        )
    storage = IniStorage(config)
    api = ExactApi(storage=storage)

    try:
        urllib.request.build_opener(NoRedirect).open(api.create_auth_request_url())
        raise SystemExit("authorize did not redirect")
    except urllib.error.HTTPError as redirect:
        location = redirect.headers["Location"]
    code = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["code"][0]
    api.request_token(code)

    me = api.rest(GET("v1/current/Me?$select=CurrentDivision,UserID"))
    assert me[0]["CurrentDivision"] == MASTER, me
    storage.set_division(MASTER)

    some = api.relations.filter(top=5)
    assert len(some) == 5, some

    accounts = api.restv1(GET("crm/Accounts?$select=ID,Code,Name"))
    assert len(accounts) == 5000, len(accounts)
    assert all(len(a["Code"]) == 18 for a in accounts), "codes are padded to 18"
    print("exactonline (PyPI): login, current/Me, filter and 5000 accounts over __next pages: ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
