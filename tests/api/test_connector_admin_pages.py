"""The connector's admin pages through the Flask test client: every page renders, every action
form is one of the connector's REST routes, junk in the address bar never breaks a page, what
anyone typed is shown as text, no page shows a password, and reading changes nothing."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

ADMIN = "/admin/default"
PAGES = ["/", "/connection", "/behaviour", "/products", "/products?product_type_id=4", "/variants/1", "/variants/4",
         "/variants/5", "/variants/6", "/attributes", "/customers", "/customers/1", "/customers/5", "/webhooks", "/orders",
         "/orders/1", "/orders/2", "/orders/3", "/orders/4"]
JUNK = [
    {"q": "<script>alert(1)</script>"}, {"q": "x" * 5000}, {"q": "\x00\x1f%"}, {"q": "' OR 1=1 --"},
    {"product_type_id": "abc"}, {"product_type_id": "-3"}, {"product_type_id": "99999999999999999999999"},
    {"product_type_id": "1.5"}, {"product_type_id": "<b>4</b>"}, {"sf": "acme", "page": "[]"},
    {"product_type_id": "4", "q": "%%%"},
]


class Page(HTMLParser):
    """Collects action forms (data-endpoint, data-method), links, and the inputs named password."""

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.password_values: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and "data-endpoint" in attributes:
            self.actions.append((attributes["data-method"], attributes["data-endpoint"]))
        for name in ("src", "href"):
            if attributes.get(name):
                self.links.append(attributes[name])
        if tag == "input" and attributes.get("name") == "password":
            self.password_values.append(attributes.get("value") or "")


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def html_of(connector, path: str, **kwargs) -> str:
    answer = connector.get(path, **kwargs)
    assert answer.status_code == 200 and answer.mimetype == "text/html", (path, answer.status_code)
    return answer.get_data(as_text=True)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_as_html(connector, path):
    assert "<h1>" in html_of(connector, ADMIN + path)


def test_the_admin_root_opens_a_storefront(connector):
    assert connector.get("/admin/").headers["Location"].endswith("/admin/default/")
    assert connector.get("/admin/?sf=acme").headers["Location"].endswith("/admin/acme/")
    assert connector.get("/admin/?sf=<nope>").headers["Location"].endswith("/admin/default/")
    html = html_of(connector, "/admin/acme/products")
    assert "Acme Corporate Store (acme)" in html and "No products yet" in html


def test_every_action_is_a_storefront_api_route_with_its_method(connector):
    urls = connector.app.url_map.bind("localhost")
    seen = set()
    for path in PAGES:
        for method, endpoint in parse(html_of(connector, ADMIN + path)).actions:
            assert endpoint.startswith("/api/storefronts/default/"), (path, endpoint)
            name, _args = urls.match(endpoint, method=method)
            assert not name.startswith("admin."), (path, method, endpoint, name)
            seen.add(name)
    # every write of steps 1-5 that the pathway needs has a form
    assert {"storefronts.put_connection", "storefronts.check", "storefronts.put_behaviour", "connect-link.put_link",
            "connect-link.put_selection", "connect-link.put_template", "connect-link.delete_link",
            "catalog.link_attribute_value", "catalog.unlink_attribute_value", "customers.link_department",
            "customers.put_link", "customers.create_customer", "customers.create_department", "pricing.post_price",
            "pricing.clear_cache", "catalog.create_product", "catalog.create_variant", "catalog.create_attribute",
            "customers.patch_customer", "storefronts.patch_behaviour", "storefronts.patch_connection",
            "feedback.sync_subscriptions", "feedback.reconcile_jobs", "orders.create_order", "orders.approve_order",
            "orders.move_workflow"} <= seen


def test_pages_load_nothing_from_elsewhere(connector):
    for path in PAGES:
        for link in parse(html_of(connector, ADMIN + path)).links:
            assert not link.startswith(("http:", "https:", "//")), (path, link)
    assert connector.get("/admin/static/admin.js").status_code == 200
    assert connector.get("/admin/static/admin.css").status_code == 200


def test_every_link_on_a_page_leads_somewhere(connector):
    links = {link.split("#")[0] for path in PAGES for link in parse(html_of(connector, ADMIN + path)).links}
    for link in sorted(href for href in links if href):
        assert connector.get(link).status_code in (200, 302), link


@pytest.mark.parametrize("path", PAGES)
def test_junk_in_the_address_bar_never_breaks_a_page(connector, path):
    for query in JUNK:
        answer = connector.get(ADMIN + path.split("?")[0], query_string=query)
        assert answer.status_code == 200, (path, query, answer.status_code)
        assert "<script>alert" not in answer.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/admin/nope/", "/admin/%3Cb%3E/products", "/admin/default/variants/999",
                                  "/admin/default/variants/99999999999999999999999", "/admin/default/variants/abc",
                                  "/admin/default/customers/0", "/admin/acme/variants/1", "/admin/default/nowhere",
                                  "/admin/default/customers/%00", "/admin/%00/connection", "/admin/default/static/x.js"])
def test_unknown_storefronts_ids_and_pages_are_html_404s(connector, path):
    answer = connector.get(path)
    assert answer.status_code == 404 and answer.mimetype == "text/html", (path, answer.status_code)
    assert "<b>" not in answer.get_data(as_text=True)


def test_a_bad_diagnosis_id_is_shown_next_to_its_field(connector):
    html = html_of(connector, ADMIN + "/products", query_string={"product_type_id": "abc"})
    assert 'data-error-for="product_type_id" role="alert">Not a valid integer.</span>' in html
    assert 'value="abc"' in html and 'id="diagnosis-result"' not in html


def test_the_diagnosis_says_why_a_product_type_is_missing_and_whom_to_ask(connector):
    html = html_of(connector, ADMIN + "/products", query_string={"product_type_id": "6"})
    assert 'id="diagnosis-result"' in html and "missing" in html
    listed = html_of(connector, ADMIN + "/products", query_string={"product_type_id": "4"})
    assert "in the list" in listed and "LTR-A4" in listed  # the reason in words, not its code


def test_the_connect_link_list_is_searched_on_the_server_without_javascript(connector):
    html = html_of(connector, ADMIN + "/variants/6", query_string={"q": "letter"})
    assert 'value="1004"' in html and "LTR-A4" in html and "BC-STD" not in html and "1 match(es)." in html
    html = html_of(connector, ADMIN + "/variants/6", query_string={"q": "zzz-nothing"})
    assert "Nothing matches." in html


def test_what_anyone_typed_is_shown_as_text(connector):
    script = "<script>alert(1)</script>"
    product = connector.sf("POST", "/products", json={"name": script, "sku": "<i>x</i>"}).json
    connector.sf("POST", f"/products/{product['id']}/variants", json={"name": script})
    connector.sf("POST", f"/products/{product['id']}/attributes", json={"name": script, "values": [
        {"name": script, "node": "Parts[0].PaperCode", "value": "</textarea><b>bold</b>"}]})
    connector.sf("POST", "/departments", json={"name": script, "code": "<b>C</b>"})
    connector.sf("POST", "/customers", json={"email": "x@example.com", "name": script, "connect_id": "\"><b>",
                                             "verify": False})
    connector.sf("PATCH", "/behaviour", json={"product_type_filter": ["Finished", "<b>Odd</b>"]})
    for path in ["/", "/products", "/attributes", "/customers", "/behaviour", "/variants/9", "/customers/7"]:
        html = html_of(connector, ADMIN + path)
        assert "<script>alert" not in html and "<b>" not in html and "<i>" not in html, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_of(connector, ADMIN + "/products")
    assert "&lt;/textarea&gt;&lt;b&gt;bold&lt;/b&gt;" in html_of(connector, ADMIN + "/attributes")


def test_no_page_shows_a_password(connector):
    secret = "pa55-w0rd-nobody-sees"
    answer = connector.sf("PUT", "/connection", json={
        "api_url": connector.sf("GET", "/connection").json["api_url"], "email": "integration@demo.test",
        "password": secret, "application_id": "infigo-default", "storefront_customer_code": "WEB001"})
    assert answer.status_code == 200
    for path in PAGES + ["/customers/2?q=acme", "/variants/6?q=ltr"]:
        html = html_of(connector, ADMIN + path)
        assert secret not in html, path
        assert all(value == "" for value in parse(html).password_values), path
    connection = html_of(connector, ADMIN + "/connection")
    assert 'type="password" name="password" value=""' in connection and "A password is stored" in connection


def test_reading_the_pages_changes_nothing(connector, tharstern):
    before = {path: connector.sf("GET", path).json for path in
              ["", "/connection", "/products", "/departments", "/customers", "/variants/1", "/variants/6"]}
    tharstern.clear_journal()
    for path in PAGES + ["/variants/6?q=ltr", "/customers/2?q=globex", "/products?product_type_id=6"]:
        html_of(connector, ADMIN + path)
    after = {path: connector.sf("GET", path).json for path in before}
    assert after == before
    writes = [e for e in tharstern.journal() if e["method"] != "GET"]
    assert writes == []


def test_pages_still_render_when_tharstern_cannot_be_reached(connector):
    connector.connection(api_url="http://127.0.0.1:9/TharsternAPI")
    for path in ["/variants/6", "/customers/2", "/products?product_type_id=4"]:
        html = html_of(connector, ADMIN + path)
        assert "Run Check Connection" in html, path


def test_pages_of_a_storefront_without_settings_say_what_is_missing(connector):
    connector.reset("empty")
    start = html_of(connector, ADMIN + "/")
    assert "Still to fill in: api_url, email, password, application_id, storefront_customer_code." in start
    assert "No password is stored yet" in html_of(connector, ADMIN + "/connection")
    for path in ["/products", "/attributes", "/customers", "/behaviour"]:
        html_of(connector, ADMIN + path)
    connector.sf("POST", "/products", json={"name": "Cards"})
    connector.sf("POST", "/products/1/variants", json={"name": "Std"})
    assert "The connection settings are incomplete" in html_of(connector, ADMIN + "/variants/1")


def test_the_start_page_shows_where_the_storefront_stands(connector):
    html = html_of(connector, ADMIN + "/")
    assert "7 of 8 variant(s) have a Connect Link." in html and "Not linked: Letterheads — A4" in html
    assert "7 of 9 attribute value(s) are mapped to a node." in html
    assert "1 of 2 department(s) have a Tharstern code" in html and "2 of 6 customer(s) linked (2 by hand)" in html
    connector.sf("PUT", "/attribute-values/1/link", json={"node": "Parts[9].PaperCode", "value": "DIG GLO 130"})
    html = html_of(connector, ADMIN + "/")
    assert "1 mapping(s) do not fit a variant&#39;s template" in html
    row = html_of(connector, ADMIN + "/attributes").split('id="attribute-value-1"')[1].split("</tr>")[0]
    assert "A5: Parts has 1 item(s), so there is no [9]" in row


def test_the_admin_pages_stay_out_of_the_openapi_document(connector):
    assert not [p for p in connector.get("/openapi.json").json["paths"] if p.startswith("/admin")]
