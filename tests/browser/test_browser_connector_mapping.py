"""Steps 3 and 4 of the pathway in Chromium: find a Tharstern product with the type-ahead and
link a variant, choose parts and processes, edit the advanced JSON and lose the edits (with the
warning), check a price, find out why a product type is missing, and map attribute values."""
from __future__ import annotations

import json

from playwright.sync_api import expect


def error_next_to(scope, name: str):
    return scope.locator(f'[data-error-for="{name}"]')


def flash(page):
    return page.locator("#flash")


def test_map_a_variant_with_the_type_ahead(page, admin_site):
    page.goto(admin_site.page("/variants/6"))
    rows = page.locator("#connect-link-list tbody tr")
    expect(rows).to_have_count(7)
    page.get_by_role("button", name="Save External Reference").click()  # nothing picked yet
    expect(error_next_to(page.locator("#link-form"), "stock_item_id")).to_have_text("Missing data for required field.")

    page.get_by_label("Start typing the product name or code").press_sequentially("letter")
    expect(rows).to_have_count(1)
    expect(page.locator("[data-typeahead-status]")).to_have_text("1 match(es).")
    page.get_by_role("radio", name="LTR-A4").check()
    page.get_by_role("button", name="Save External Reference").click()
    expect(flash(page)).to_have_text("Saved External Reference: variant 6 is linked to LTR-A4.")
    expect(page.locator("#current-link")).to_contain_text("4 · Letterheads")
    link = admin_site.api.sf("GET", "/variants/6/link").json
    assert (link["stock_item_code"], link["pricing"], link["selected_part_ids"]) == ("LTR-A4", "estimate", [105])

    selection = page.locator("#selection-form")
    selection.get_by_label("Sheet (105, required, default)").uncheck()
    selection.get_by_role("button", name="Save parts and processes").click()
    expect(error_next_to(selection, "part_ids")).to_contain_text("the part 'Sheet' (105) is required by product type 'Letterheads'")

    prices = page.locator("#price-form")
    prices.get_by_label("Quantity").fill("100")
    prices.get_by_role("button", name="Check the price").click()
    expect(page.locator("#price-result")).to_contain_text("Please call for price: the quantity is outside what Tharstern accepts")
    prices.get_by_label("Quantity").fill("250")
    prices.get_by_role("button", name="Check the price").click()
    expect(page.locator("#price-result .result-ok")).to_contain_text("Price: ")
    expect(page.locator("#price-result")).to_contain_text("Customer code WEB001 (the storefront default)")


def test_advanced_json_edits_are_lost_when_parts_change_and_the_page_says_so(page, admin_site, shoot):
    page.goto(admin_site.page("/variants/1"))
    template = page.locator("#template-form")
    template.get_by_label("Estimate request template (JSON)").fill('{\n  "ProductTypeID": 1,\n  "Quantity": 250,\n}')
    template.get_by_role("button", name="Save the JSON").click()
    expect(error_next_to(template, "template")).to_contain_text("Not valid JSON at line 4, column 1")
    template.get_by_label("Estimate request template (JSON)").fill('{"ProductTypeID": 2}')
    template.get_by_role("button", name="Save the JSON").click()
    expect(error_next_to(template, "template")).to_contain_text("ProductTypeID 2 differs from the linked product type 1")

    edited = admin_site.api.sf("GET", "/variants/1/link").json["estimate_template"]
    edited["Ref2"] = "edited by hand"
    template.get_by_label("Estimate request template (JSON)").fill(json.dumps(edited, indent=2))
    template.get_by_role("button", name="Save the JSON").click()
    expect(flash(page)).to_contain_text("The advanced JSON was saved. The template was edited by hand")
    expect(page.locator("#edit-loss")).to_contain_text("The advanced template has manual edits.")

    code = page.locator("#mapping-code-form")
    code.get_by_label("Mapping code (Jinja2 producing the JSON; errors name the line)").fill('{\n{{ nothing.here }}\n}')
    code.get_by_role("button", name="Save the mapping code").click()
    expect(error_next_to(code, "mapping_code")).to_contain_text("template line 2:")

    prices = page.locator("#price-form")
    prices.get_by_label("Quantity").fill("250")
    prices.get_by_label("Sides").select_option(label="Double-sided")
    prices.get_by_label("Customer").select_option(label="jane.buyer@acme.example")
    prices.get_by_role("button", name="Check the price").click()
    expect(page.locator("#price-result .result-ok")).to_contain_text("from a live Tharstern estimate")
    expect(page.locator("#price-result")).to_contain_text("Customer code ACME01 (the department's code)")
    shoot(page, "connector-variant")

    selection = page.locator("#selection-form")
    selection.get_by_label("Gloss lamination (11)").check()
    confirmations: list[str] = []
    page.on("dialog", lambda dialog: confirmations.append(dialog.message))  # the page fixture accepts it
    selection.get_by_role("button", name="Save parts and processes").click()
    expect(flash(page)).to_contain_text("Your manual edits to the advanced template were discarded")
    assert confirmations == ["Saving parts and processes discards the manual edits of the advanced template. Go on?"]
    expect(page.locator("#edit-loss")).not_to_contain_text("has manual edits")
    link = admin_site.api.sf("GET", "/variants/1/link").json
    assert link["selected_process_ids"] == [13, 11] and link["template_source"] == "selection"
    assert "Ref2" not in link["estimate_template"] or link["estimate_template"]["Ref2"] != "edited by hand"


def test_why_a_product_type_is_missing_and_the_fix(page, admin_site, shoot):
    page.goto(admin_site.page("/products"))
    page.get_by_label("Product type id").fill("eight")
    page.get_by_role("button", name="Diagnose").click()
    expect(error_next_to(page.locator("#diagnosis"), "product_type_id")).to_have_text("Not a valid integer.")
    page.get_by_label("Product type id").fill("8")
    page.get_by_role("button", name="Diagnose").click()
    result = page.locator("#diagnosis-result")
    expect(result).to_contain_text("left out by the Product Type Filter · escalate to the connector (Infigo)")
    expect(result).to_contain_text("their type (PrintableFlat) is not in the Product Type Filter")
    shoot(page, "connector-products")

    admin_site.api.behaviour(product_type_filter=["Finished", "None", "PrintableFlat"])
    page.reload()
    expect(page.locator("#diagnosis-result")).to_contain_text("is in the Connect Link list through the stock item(s) FOLDER-PF")

    page.get_by_role("button", name="Add the product").click()
    expect(error_next_to(page.locator("#add-product"), "name")).to_have_text("Missing data for required field.")


def test_map_attribute_values(page, admin_site, shoot):
    page.goto(admin_site.page("/attributes"))
    blue = page.locator("#attribute-value-8")
    blue.get_by_label("Node of Blue").fill("Parts[x].Colour")
    blue.get_by_role("button", name="Save").click()
    expect(page.locator('[data-form="value-8"][data-error-for="node"]')).to_contain_text("'Parts[x]' is not a node name")
    expect(page.locator('[data-form="value-8"][data-error-for="value"]')).to_have_text("Missing data for required field.")

    blue.get_by_label("Node of Blue").fill("Ref2")
    blue.get_by_label("Value of Blue").fill('"2"')  # quoted: the text "2", not the number
    blue.get_by_role("button", name="Save").click()
    expect(flash(page)).to_have_text("Colour: Blue → Ref2 = 2.")
    assert admin_site.api.sf("GET", "/products/4").json["attributes"][0]["values"][0]["value"] == "2"
    expect(page.locator("#attribute-value-8").get_by_label("Value of Blue")).to_have_value('"2"')

    silk = page.locator("#attribute-value-3")
    silk.get_by_label("Node of Silk 350gsm").fill("Parts[3].PaperCode")
    silk.get_by_role("button", name="Save").click()
    expect(flash(page)).to_contain_text("Paper: Silk 350gsm → Parts[3].PaperCode = DIG SILK 350. Variant 2 (A5): Parts has 1 item(s)")
    expect(page.locator("#attribute-value-3")).to_contain_text("A5: Parts has 1 item(s), so there is no [3]")
    shoot(page, "connector-attributes")
