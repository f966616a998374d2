"""The shop (``/shop/<sf>/``) in Chromium, as a class watches a shopper: act as a new customer,
see live prices (a customer's own prices, "please call for price" with the reason), fill the
basket, check out, and follow the order as it reaches Tharstern and its tracking comes back by
webhook."""
from __future__ import annotations

import re

from playwright.sync_api import expect

TRACKING = "1Z999AA10000000077"


def shop(admin_site, path: str = "/", sf: str = "default") -> str:
    return f"{admin_site.url}/shop/{sf}{path}"


def subscribe(page, admin_site) -> None:
    page.goto(admin_site.page("/webhooks"))
    page.get_by_role("button", name="Sync the subscription").click()
    expect(page.locator("#flash")).to_contain_text("Tharstern sends JobStatusChanged")


def test_a_new_customer_prices_checks_out_and_sees_the_tracking(page, admin_site, shoot):
    admin_site.api.behaviour(use_external_id_as_customer_code=True)
    subscribe(page, admin_site)

    page.goto(shop(admin_site))
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Print Shop: who is shopping?")
    expect(page.locator("#customers")).to_contain_text("Jane Buyer")
    shoot(page, "shop-choose")
    form = page.locator("#new-customer-form")
    form.get_by_label("E-mail").fill("not an e-mail")
    form.get_by_role("button", name="Start shopping").click()
    expect(form.locator('[data-error-for="email"]')).to_have_text("Not a valid email address.")
    form.get_by_label("E-mail").fill("sam.shopper@example.com")
    form.get_by_label("Name").fill("Sam Shopper")
    form.get_by_role("button", name="Start shopping").click()
    expect(page.locator("#flash")).to_have_text("Welcome, Sam Shopper: you are shopping as sam.shopper@example.com.")
    expect(page.locator("#shopper")).to_contain_text("Sam Shopper")
    expect(page.locator("#customer-code")).to_contain_text("WEB001 (the storefront default)")
    expect(page.locator("#customer-code")).to_contain_text("runs at order placement")
    expect(page.locator("#product-6")).to_have_count(0)  # Letterheads: no Connect Link, not for sale
    shoot(page, "shop-products")

    page.locator("#product-1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Business Cards")
    price = page.locator("#price-form")
    price.get_by_label("Quantity").fill("0")
    price.get_by_role("button", name="Get the price").click()
    expect(price.locator('[data-error-for="quantity"]')).to_contain_text("greater than or equal to 1")
    price.get_by_label("Quantity").fill("250")
    price.get_by_label("Sides").select_option(label="Double-sided")
    price.get_by_role("button", name="Get the price").click()
    answer = page.locator("#price-answer")
    expect(answer.locator(".price")).to_contain_text(re.compile(r"Price: \d+\.\d\d GBP for 250, from a live Tharstern estimate\."))
    expect(answer).to_contain_text("Priced for the Tharstern customer WEB001 (the storefront default)")
    page.get_by_role("button", name="Add to basket").click()
    expect(page.locator("#basket-note")).to_have_text("Added 250 × Business Cards — Standard to the basket.")
    expect(page.locator("#basket-count")).to_have_text("1")
    shoot(page, "shop-product")

    page.get_by_role("link", name="Go to the basket").click()
    row = page.locator("#basket-lines tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Sides: Double-sided")
    expect(row.locator('[data-cell="price"]')).to_have_text(re.compile(r"^\d+\.\d\d GBP$"))
    checkout = page.locator("#checkout-form")
    checkout.get_by_label("Your order number (optional)").fill("SHOP-1")
    checkout.get_by_role("button", name="Place the order").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Order SHOP-1")
    expect(page.locator("#flash")).to_contain_text("Thank you: order SHOP-1 is placed.")
    expect(page.locator("#order-customer-code")).to_contain_text("created in Tharstern automatically")
    expect(page.locator("#basket-count")).to_have_text("0")
    job = page.locator("#line-1 .job-no")
    expect(job).to_have_text(re.compile(r"^\d+$"), timeout=60_000)  # the outbox sent it; the page followed
    job_no = job.inner_text().strip()
    assert admin_site.fake.customers_with_email("sam.shopper@example.com"), "the customer was created in Tharstern"

    admin_site.fake.job_status(job_no, "Despatched", TrackingNumber=TRACKING, Courier="UPS")
    expect(page.locator("#line-1 .tracking")).to_contain_text(TRACKING, timeout=60_000)
    expect(page.locator("#line-1 .job-status")).to_have_text("Despatched")
    shoot(page, "shop-order")

    page.get_by_role("link", name="My orders", exact=True).click()
    line = page.locator("tr.order-line[data-order='SHOP-1']")
    expect(line.locator(".tracking")).to_contain_text(TRACKING)
    expect(page.locator("#customer-code")).to_contain_text("created in Tharstern automatically")


def test_customer_prices_and_call_for_price_with_the_reason(page, admin_site):
    page.goto(shop(admin_site, "/as/1/products/1"))
    expect(page.locator("#customer-code")).to_contain_text("ACME01 (the department's code)")
    price = page.locator("#price-form")
    price.get_by_label("Quantity").fill("250")
    price.get_by_role("button", name="Get the price").click()
    answer = page.locator("#price-answer")
    expect(answer).to_contain_text("Priced for the Tharstern customer ACME01 (the department's code)")
    jane = answer.locator(".price").inner_text()

    page.goto(shop(admin_site, "/as/3/products/1"))
    price.get_by_label("Quantity").fill("250")
    price.get_by_role("button", name="Get the price").click()
    expect(answer).to_contain_text("WEB001")
    assert answer.locator(".price").inner_text() != jane, "a department's customer sees its own price"

    page.goto(shop(admin_site, "/as/3/products/5"))
    price.get_by_label("Quantity").fill("250")
    price.get_by_role("button", name="Get the price").click()
    expect(answer.locator(".call-for-price")).to_contain_text("Please call for price: the product type uses a work type")
    expect(answer.locator(".price")).to_be_hidden()

    page.goto(shop(admin_site, "/as/3/products/7"))
    price.get_by_role("button", name="Get the price").click()
    expect(answer.locator(".call-for-price")).to_contain_text("The maximum order quantity is 10.")
    page.goto(shop(admin_site, "/as/3/products/4"))
    price.get_by_label("Quantity").fill("10")
    price.get_by_role("button", name="Get the price").click()
    expect(answer.locator(".price")).to_contain_text("from the price list (the stock item's unit price)")


def test_unknown_shopper_and_unlinked_product_are_clear_pages(page, admin_site):
    page.goto(shop(admin_site, "/as/999/"))
    expect(page.locator(".error-page")).to_contain_text("There is no customer 999 in storefront 'default'.")
    page.goto(shop(admin_site, "/as/1/products/6"))
    expect(page.locator(".error-page")).to_contain_text("none of its variants has a Connect Link")
