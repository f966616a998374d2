"""A person switching tenants in the fake's console, in Chromium: the header's form goes to
another tenant, a change made there stays there, and the Tenants page removes one."""
from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from fake_tharstern.app import create_app
from tests.fixtures.webhooks import quick_server


@pytest.fixture
def shared_fake():
    app = create_app({"TESTING": True})
    server = quick_server(app).start()
    yield server.url
    server.stop()
    app.extensions["fake_tharstern_tenants"].close()
    app.extensions["fake_tharstern"].close()


def test_a_fault_added_in_one_tenant_stays_there_and_the_tenant_can_be_removed(page, shared_fake):
    page.goto(f"{shared_fake}/_fake/ui/faults")
    header = page.get_by_role("form", name="Tenant")
    header.get_by_label("Tenant").fill("team-b")
    header.get_by_role("button", name="Switch").click()
    expect(page).to_have_url(f"{shared_fake}/t/team-b/_fake/ui/")
    page.get_by_role("navigation", name="Console pages").get_by_role("link", name="Faults").click()
    expect(page).to_have_url(f"{shared_fake}/t/team-b/_fake/ui/faults")

    requests.post(f"{shared_fake}/t/team-b/_fake/faults", json={"kind": "error", "status": 503}, timeout=15)
    page.reload()
    assert requests.get(f"{shared_fake}/_fake/faults", timeout=15).json()["items"] == []
    assert len(requests.get(f"{shared_fake}/t/team-b/_fake/faults", timeout=15).json()["items"]) == 1

    page.get_by_role("navigation", name="Console pages").get_by_role("link", name="Tenants").click()
    row = page.locator("tbody tr", has_text="team-b")
    expect(row).to_contain_text("(this one)")
    row.get_by_role("button", name="Remove").click()
    expect(page.locator("#flash")).to_have_text("Tenant team-b removed.")
    # the page reloads in team-b, which makes it afresh: the fault went with the old one
    assert requests.get(f"{shared_fake}/t/team-b/_fake/faults", timeout=15).json()["items"] == []
