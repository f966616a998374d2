"""The Connect Link list (seed 003) and the diagnosis of a missing product type, through the
test client with the fake behind the connector; upstream calls counted in the fake's journal."""
from __future__ import annotations

import math

import pytest


def options(connector, query: str = ""):
    answer = connector.sf("GET", "/connect-link/options" + (f"?q={query}" if query else ""))
    assert answer.status_code == 200, answer.json
    return answer.json


def test_the_list_is_the_codes_stock_items_filtered_by_type(connector, tharstern):
    rows = options(connector)
    assert [r["code"] for r in rows] == ["BC-STD", "FLY-A5", "BKL-A4", "LTR-A4", "LBL-ROLL", "PEN-BRAND", "MUG-BRAND"]
    first = rows[0]
    assert first == {"stock_item_id": 1001, "code": "BC-STD", "description": "Business Cards - Standard",
                     "type": "Finished", "product_type_id": 1, "product_type_name": "Business Cards",
                     "work_type": "Digital", "unit_price": 0.06, "available": 0, "pricing": "estimate"}
    pen = next(r for r in rows if r["code"] == "PEN-BRAND")
    assert (pen["product_type_id"], pen["product_type_name"], pen["pricing"]) == (0, None, "price_list")
    assert next(r for r in rows if r["code"] == "MUG-BRAND")["available"] == 5
    # FOLDER-PF (PrintableFlat) and SRV-DESIGN (Service) are filtered out; BANNER-PU is ACME01's only
    assert not {"FOLDER-PF", "SRV-DESIGN", "BANNER-PU"} & {r["code"] for r in rows}


def test_the_filter_decides_which_types_show(connector, tharstern):
    connector.behaviour(product_type_filter=["printableflat", "Service"])
    assert {r["code"] for r in options(connector)} == {"FOLDER-PF", "SRV-DESIGN"}
    connector.behaviour(product_type_filter=[])
    assert len(options(connector)) == 9


def test_search_by_code_description_or_product_type(connector, tharstern):
    assert [r["code"] for r in options(connector, "fly")] == ["FLY-A5"]
    assert [r["code"] for r in options(connector, "booklet")] == ["BKL-A4"]
    assert [r["code"] for r in options(connector, "pen-")] == ["PEN-BRAND"]
    assert options(connector, "nothing-like-this") == []


@pytest.mark.parametrize("page_size", [2, 4, 100])
def test_upstream_calls_are_one_per_page_plus_one_per_distinct_product_type(make_connector, tharstern, page_size):
    connector = make_connector(THARSTERN_PAGE_SIZE=page_size)
    rows = options(connector)
    product_types = {r["product_type_id"] for r in rows if r["product_type_id"] > 0}
    assert tharstern.calls("products") == math.ceil(9 / page_size)  # 9 stock items are linked to WEB001
    assert tharstern.calls("producttypes") == len(product_types) == 5
    assert tharstern.calls("authentication/generateapitoken") == 1


def test_repeating_within_the_ttl_calls_nothing_and_after_it_calls_again(connector, tharstern):
    options(connector)
    tharstern.clear_journal()
    options(connector, "cards")
    options(connector)
    assert tharstern.journal() == []
    connector.advance_clock(301)  # cache_ttl_s is 300 in the demo
    options(connector)
    assert tharstern.calls("products") == 1 and tharstern.calls("producttypes") == 5


def test_a_ttl_of_zero_caches_nothing(connector, tharstern):
    connector.behaviour(cache_ttl_s=0)
    options(connector)
    options(connector)
    assert tharstern.calls("products") == 2


def test_clearing_the_cache_shows_changes_made_in_tharstern(connector, tharstern):
    options(connector)
    tharstern.edit_product(1002, Visible=False)  # a Tharstern user hides FLY-A5
    assert "FLY-A5" in {r["code"] for r in options(connector)}
    cleared = connector.sf("POST", "/cache/clear").json
    assert cleared["cleared"] >= 2
    assert "FLY-A5" not in {r["code"] for r in options(connector)}


def test_each_storefront_has_its_own_list_and_cache(connector, tharstern):
    acme = connector.get("/api/storefronts/acme/connect-link/options").json
    assert "BANNER-PU" in {r["code"] for r in acme}
    assert "BANNER-PU" not in {r["code"] for r in options(connector)}
    connector.sf("POST", "/cache/clear")
    tharstern.clear_journal()
    connector.get("/api/storefronts/acme/connect-link/options")
    assert tharstern.journal() == []


def test_tharstern_unreachable_is_a_502_saying_so(connector, tharstern):
    tharstern.allowlist(["127.0.0.9"], mode="drop")
    answer = connector.sf("GET", "/connect-link/options")
    assert answer.status_code == 502
    assert answer.json["errors"]["tharstern"]["problem"] == "unreachable"


def diagnose(connector, product_type_id):
    answer = connector.sf("GET", f"/connect-link/diagnose?product_type_id={product_type_id}")
    assert answer.status_code == 200, answer.json
    return answer.json


def test_a_listed_product_type_is_visible_and_escalates_to_the_connector(connector, tharstern):
    result = diagnose(connector, 1)
    assert (result["visible"], result["reason"], result["escalate_to"]) == (True, "listed", "connector")
    assert "BC-STD" in result["message"]


def test_a_product_type_without_stock_item_is_missing_upstream(connector, tharstern):
    result = diagnose(connector, 6)  # Posters
    assert (result["visible"], result["reason"], result["escalate_to"]) == (False, "no_stock_item", "tharstern")


def test_stock_items_not_linked_to_the_code_are_missing_upstream(connector, tharstern):
    result = diagnose(connector, 7)  # Pull-up Banner, linked to ACME01 only
    assert (result["reason"], result["escalate_to"]) == ("not_linked_to_storefront_code", "tharstern")
    assert result["details"]["stock_items"][0]["linked_customers"] == ["ACME01"]


def test_stock_items_filtered_by_type_are_the_connectors_to_fix(connector, tharstern):
    result = diagnose(connector, 8)  # Presentation Folder, PrintableFlat
    assert (result["reason"], result["escalate_to"]) == ("filtered_out_by_type", "connector")
    assert "PrintableFlat" in result["message"]
    connector.behaviour(product_type_filter=["Finished", "None", "PrintableFlat"])
    assert diagnose(connector, 8)["visible"] is True


def test_an_unknown_product_type_and_an_unreachable_tharstern(connector, tharstern):
    assert diagnose(connector, 99)["reason"] == "product_type_not_found"
    connector.sf("POST", "/cache/clear")
    tharstern.allowlist(["127.0.0.9"])
    result = diagnose(connector, 1)
    assert (result["visible"], result["reason"], result["escalate_to"]) == (False, "tharstern_unreachable", "tharstern")


def test_diagnose_needs_a_positive_product_type_id(connector, tharstern):
    for query in ("", "?product_type_id=0", "?product_type_id=abc"):
        answer = connector.sf("GET", f"/connect-link/diagnose{query}")
        assert answer.status_code == 422 and "product_type_id" in answer.json["errors"]["query"]
