"""The Connect Link list's type filter and the diagnosis of a missing product type."""
from __future__ import annotations

from connector.domain.behaviour import Behaviour, canonical_type_name, type_allowed
from connector.domain.connect_link import diagnose, listed_items, matches_query
from connector.domain.records import LinkedCustomer, StockItem

WEB = (LinkedCustomer("WEB001"),)
ITEMS = [StockItem(1, "BC-STD", "Cards", "Finished", 1, linked_customers=WEB),
         StockItem(2, "FOLDER", "Folder", "PrintableFlat", 8, linked_customers=WEB),
         StockItem(3, "PEN", "Pen", "None", 0, linked_customers=WEB)]
EVERYTHING = ITEMS + [StockItem(4, "BANNER", "Banner", "Finished", 7, linked_customers=(LinkedCustomer("ACME01"),))]


def test_the_default_filter_is_finished_and_none():
    assert Behaviour().product_type_filter == ("Finished", "None")
    assert [i.code for i in listed_items(ITEMS, ("Finished", "None"))] == ["BC-STD", "PEN"]
    assert type_allowed(None, ("None",)) and type_allowed("finished", ("Finished",))
    assert type_allowed("Anything", ()) and not type_allowed("Material", ("Finished",))
    assert (canonical_type_name(" printableflat "), canonical_type_name("Custom Kit")) == ("PrintableFlat", "Custom Kit")


def test_search_matches_code_description_or_product_type_name():
    assert matches_query(ITEMS[0], "Business Cards", "business")
    assert matches_query(ITEMS[0], None, "bc-")
    assert not matches_query(ITEMS[0], None, "folder") and matches_query(ITEMS[0], None, "  ")


def run(product_type_id, name="Type", type_filter=("Finished", "None"), all_items=EVERYTHING):
    return diagnose(product_type_id, name, storefront_code="WEB001", type_filter=type_filter, code_items=ITEMS,
                    all_items=all_items)


def test_each_cause_and_whom_to_escalate_to():
    assert (run(1).visible, run(1).reason, run(1).escalate_to) == (True, "listed", "connector")
    assert (run(8).reason, run(8).escalate_to) == ("filtered_out_by_type", "connector")
    assert run(8, type_filter=()).visible is True
    assert (run(7).reason, run(7).escalate_to) == ("not_linked_to_storefront_code", "tharstern")
    assert (run(6).reason, run(6).escalate_to) == ("no_stock_item", "tharstern")
    assert (run(6, name=None).reason, run(6, name=None).escalate_to) == ("product_type_not_found", "tharstern")


def test_the_diagnosis_names_the_items_and_the_code():
    result = run(7).to_dict()
    assert result["details"]["stock_items"] == [{"stock_item_id": 4, "code": "BANNER", "type": "Finished",
                                                 "linked_customers": ["ACME01"]}]
    assert "WEB001" in result["message"] and "BANNER" in result["message"]
