"""Steps 1 and 2 of the pathway in Chromium, as a trainer does them: fill in the connection
settings (junk first), Check Connection through a wrong password and a firewall to success, and
set the behaviours; the start page shows where the storefront stands."""
from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect


def error_next_to(scope, name: str):
    return scope.locator(f'[data-error-for="{name}"]')


def flash(page):
    return page.locator("#flash")


def save(form, page, button: str = "Save", message: str = "Connection settings saved. Now Check Connection.") -> None:
    form.get_by_role("button", name=button, exact=True).click()
    expect(flash(page)).to_be_visible()  # after the page's reload: the same words may have been shown before
    expect(flash(page)).to_have_text(message)


def test_configure_and_check_the_connection(page, admin_site, shoot):
    page.goto(admin_site.page("/connection"))
    form = page.locator("#connection-settings")
    form.get_by_label("API URL").fill("not a url")
    form.get_by_label("Email", exact=True).fill("nobody")
    form.get_by_label("Outgoing IP").fill("300.1.2.3")
    form.get_by_label("Application ID").fill("")
    form.get_by_role("button", name="Save", exact=True).click()
    expect(error_next_to(form, "api_url")).to_have_text("Not an http(s) URL.")
    expect(error_next_to(form, "email")).to_have_text("Not a valid email address.")
    expect(error_next_to(form, "outgoing_ip")).to_contain_text("'300.1.2.3' is not an IP address")
    expect(error_next_to(form, "application_id")).to_have_text("Missing data for required field.")
    expect(form.get_by_label("API URL")).to_have_attribute("aria-invalid", "true")
    expect(flash(page)).to_be_hidden()

    form.get_by_label("API URL").fill(admin_site.fake.api_url)
    form.get_by_label("Email", exact=True).fill("integration@demo.test")
    form.get_by_label("Password").fill("not-the-password")
    form.get_by_label("Application ID").fill("infigo-training")
    form.get_by_label("Outgoing IP").fill("127.0.0.1")
    save(form, page)
    expect(form.get_by_label("Password")).to_have_value("")  # write-only: never shown again
    check = page.locator("#check-connection").get_by_role("button", name="Check Connection")
    result = page.locator("#check-result")
    check.click()
    expect(result).to_contain_text("Check Connection failed (bad credentials)")
    expect(result).to_contain_text("What to do: Re-enter the e-mail address, password and Application ID")

    admin_site.fake.allowlist(["127.0.0.2"], mode="forbidden")  # Tharstern's firewall lets only 127.0.0.2 in
    form.get_by_label("Password").fill("tharstern")
    save(form, page)
    check.click()
    port = urlsplit(admin_site.fake.url).port
    expect(result).to_contain_text("Check Connection failed (Tharstern unreachable)")
    expect(result).to_contain_text(f"allowlist the outgoing IP 127.0.0.1 on port {port}")

    form.get_by_label("Outgoing IP").fill("127.0.0.2")
    save(form, page)
    expect(page.locator(".allowlist")).to_contain_text(f"This connector calls Tharstern from 127.0.0.2 to 127.0.0.1 on port {port}")
    expect(page.locator(".allowlist")).to_contain_text("35.177.47.232 and 3.9.143.80")
    check.click()
    expect(result).to_contain_text("Connection OK.")
    expect(result).to_contain_text("as integration@demo.test from 127.0.0.2. The storefront customer code WEB001")
    expect(result.locator(".advice")).to_be_hidden()
    shoot(page, "connector-connection")
    stored = admin_site.api.sf("GET", "/connection").json
    assert (stored["outgoing_ip"], stored["application_id"], stored["password_set"]) == ("127.0.0.2", "infigo-training", True)


def test_behaviours_refuse_junk_next_to_each_field_then_save(page, admin_site, shoot):
    before = admin_site.api.sf("GET", "/behaviour").json
    page.goto(admin_site.page("/behaviour"))
    form = page.locator("#behaviour-settings")
    form.get_by_label("Markup (%)").fill("lots")
    form.get_by_label("Cut-off time (UTC, HH:MM)").fill("25:99")
    form.get_by_label("Lead time (working days to dispatch)").fill("-1")
    form.get_by_label("Holidays (YYYY-MM-DD, one a line)").fill("someday")
    form.get_by_label("Transfer to Tharstern on").fill("<script>")
    form.get_by_label("Cache Tharstern lists for (seconds)").fill("1.5")
    form.get_by_role("button", name="Save behaviours").click()
    expect(error_next_to(form, "markup_percent")).to_have_text("Not a valid number.")
    expect(error_next_to(form, "cutoff_time")).to_contain_text("(24-hour clock, e.g. 14:00)")
    expect(error_next_to(form, "lead_time_days")).to_contain_text("greater than or equal to 0")
    expect(error_next_to(form, "holidays")).to_have_text("Not a valid date.")
    expect(error_next_to(form, "transfer_on")).to_contain_text("'placement' or a workflow status name")
    expect(error_next_to(form, "cache_ttl_s")).to_have_text("Not a valid integer.")
    expect(flash(page)).to_be_hidden()
    assert admin_site.api.sf("GET", "/behaviour").json == before

    form.get_by_label("Markup (%)").fill("12.5")
    form.get_by_label("Cut-off time (UTC, HH:MM)").fill("15:30")
    form.get_by_label("Lead time (working days to dispatch)").fill("2")
    form.get_by_label("Holidays (YYYY-MM-DD, one a line)").fill("2026-12-26\n2026-12-25")
    form.get_by_label("Transfer to Tharstern on").fill("placement")
    form.get_by_label("Cache Tharstern lists for (seconds)").fill("60")
    form.get_by_label("PrintableFlat").check()
    form.get_by_label("Other types (one a line)").fill("Bespoke")
    form.get_by_label("Use ExternalId as CustomerCode", exact=False).check()
    form.get_by_label("Send price in orderline").select_option(label="Always send price")
    form.get_by_role("button", name="Save behaviours").click()
    expect(flash(page)).to_have_text("Behaviours saved.")
    expect(form.get_by_label("Other types (one a line)")).to_have_value("Bespoke")
    expect(form.get_by_label("PrintableFlat")).to_be_checked()
    saved = admin_site.api.sf("GET", "/behaviour").json
    assert saved["product_type_filter"] == ["None", "Finished", "PrintableFlat", "Bespoke"]
    assert (saved["markup_percent"], saved["cutoff_time"], saved["lead_time_days"], saved["cache_ttl_s"]) == (12.5, "15:30", 2, 60)
    assert saved["holidays"] == ["2026-12-25", "2026-12-26"] and saved["use_external_id_as_customer_code"] is True
    assert saved["send_price_in_orderline"] == "always" and saved["handles_pricing"] is True
    shoot(page, "connector-behaviour")


def test_the_start_page_shows_each_step_and_checks_the_connection_in_place(page, admin_site, shoot):
    page.goto(admin_site.url + "/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Print Shop: Connect:Tharstern")
    expect(page.locator("#step-3")).to_contain_text("7 of 8 variant(s) have a Connect Link.")
    expect(page.locator("#step-5")).to_contain_text("1 of 2 department(s) have a Tharstern code")
    expect(page.locator("#step-1 .status")).to_have_text("to do")  # filled in, but not checked yet
    page.locator("#step-1").get_by_role("button", name="Check Connection").click()
    expect(page.locator("#flash")).to_contain_text("Connection OK.")
    expect(page.locator("#step-1 .status")).to_have_text("done")
    expect(page.locator("#step-1")).to_contain_text("Check Connection passed at")
    shoot(page, "connector-start")
    page.get_by_label("Storefront").select_option("acme")
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme Corporate Store: Connect:Tharstern")
    expect(page.locator("#step-3")).to_contain_text("0 of 0 variant(s)")
