"""Every /staff address needs a signed-in staff member; some need an admin.

The tests walk app.url_map, so a page added later is covered without
anyone remembering to add it here.
"""

from __future__ import annotations

import pytest

from screening.staff import PUBLIC_ENDPOINTS

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
SCRIPT = {"Accept": "application/json"}
ADMIN_PAGES = {
    "staff.audit",
    "staff.export_csv",
    "staff.accounts",
    "staff.deliveries",
    "staff.retry_delivery",
    "staff.export_ndjson",
    "staff.audit_csv",
    "staff.invite",
    "staff.account_action",
}


def staff_routes(app):
    """Return (endpoint, method, url) for every method of every /staff rule."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff"):
            continue
        url = rule.rule.replace("<reference>", "MS-AAAAA-22222")
        url = url.replace("<int:message_id>", "1").replace("<int:staff_id>", "1")
        url = url.replace("<action>", "disable").replace("<token>", "t" * 43)
        assert "<" not in url, f"give {rule.rule} an example value in this test"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, url))
    return routes


def protected_routes(app):
    return [route for route in staff_routes(app) if route[0] not in PUBLIC_ENDPOINTS]


def test_the_staff_area_has_pages_and_only_the_sign_in_steps_are_public(app):
    endpoints = {endpoint for endpoint, _, _ in staff_routes(app)}
    assert endpoints >= PUBLIC_ENDPOINTS
    assert {"staff.queue", "staff.detail", "staff.decide", "staff.logout"} <= endpoints
    assert len(protected_routes(app)) >= 9


def test_an_anonymous_browser_is_sent_to_the_login_page_from_every_page(app, client):
    for endpoint, method, url in protected_routes(app):
        response = client.open(url, method=method, headers=BROWSER)
        if method == "GET":
            assert response.status_code == 302, endpoint
            assert response.location == f"/staff/login?next={url}"
        else:
            assert response.status_code == 401, endpoint


def test_anything_other_than_a_browser_gets_401_from_every_page(app, client):
    for endpoint, method, url in protected_routes(app):
        response = client.open(url, method=method, headers=SCRIPT)
        assert response.status_code == 401, endpoint
        no_accept = client.open(url, method=method)
        assert no_accept.status_code == 401, endpoint


def test_an_address_under_staff_that_does_not_exist_is_refused_before_404(client):
    assert client.get("/staff/not-a-page", headers=SCRIPT).status_code == 401
    assert client.get("/staff", headers=SCRIPT).status_code == 401


def test_the_sign_in_steps_without_a_password_lead_back_to_the_login_page(client):
    assert client.get("/staff/login").status_code == 200
    for url in ("/staff/login/code", "/staff/login/two-factor-setup"):
        response = client.get(url)
        assert response.status_code == 303
        assert response.location == "/staff/login"


def test_admin_pages_are_the_audit_log_export_accounts_and_failed_deliveries(
    app, staff_client, screening_factory
):
    reference = screening_factory()
    refused = {
        endpoint
        for endpoint, method, url in protected_routes(app)
        if method == "GET"
        and staff_client.get(url.replace("MS-AAAAA-22222", reference)).status_code
        == 403
    }
    # Retrying a delivery and inviting are POSTs only, checked with the POSTs.
    assert refused == ADMIN_PAGES - {"staff.retry_delivery", "staff.invite"}


@pytest.mark.parametrize(
    "url",
    ["/staff/audit", "/staff/export.csv", "/staff/export.ndjson", "/staff/accounts"],
)
def test_admin_pages_answer_403_to_other_staff_and_200_to_admins(
    staff_client, admin_client, url
):
    assert staff_client.get(url).status_code == 403
    assert admin_client.get(url).status_code == 200


def test_signed_in_staff_reach_every_non_admin_page(
    app, staff_client, screening_factory
):
    reference = screening_factory()
    for endpoint, method, url in protected_routes(app):
        if method != "GET" or endpoint in ADMIN_PAGES:
            continue
        url = url.replace("MS-AAAAA-22222", reference)
        assert staff_client.get(url).status_code == 200, endpoint
