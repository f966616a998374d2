"""Variant mapping (Connect Link, parts and processes, advanced template and mapping code) and
attribute value mapping, through the test client with the fake behind the connector."""
from __future__ import annotations

import json


def link(connector, vid, **body):
    return connector.sf("PUT", f"/variants/{vid}/link", json=body)


def test_linking_fetches_the_sample_and_chooses_required_and_default_parts(connector, tharstern):
    answer = link(connector, 6, stock_item_id=1004)  # Letterheads → LTR-A4, product type 4
    assert answer.status_code == 200, answer.json
    result = answer.json
    assert (result["linked"], result["stock_item_code"], result["product_type_id"]) == (True, "LTR-A4", 4)
    assert (result["pricing"], result["template_source"], result["manual_edit"]) == ("estimate", "selection", False)
    assert result["selected_part_ids"] == [105] and result["parts"][0]["selected"] is True
    assert result["estimate_template"]["ProductTypeID"] == 4
    assert result["sample_request"]["Parts"][0]["PaperCode"] == "UNCOATED 120"
    assert tharstern.calls("estrequest/4/example") == 1
    assert connector.sf("GET", "/variants/6").json["link"]["stock_item_code"] == "LTR-A4"


def test_the_template_keeps_only_chosen_processes(connector, tharstern):
    result = link(connector, 6, stock_item_id=1001).json  # business cards: trim required, lamination, corners optional
    assert result["selected_process_ids"] == [13]
    assert [p["ProcessTypeId"] for p in result["estimate_template"]["Processes"]] == [13]
    assert [p["ProcessTypeId"] for p in result["sample_request"]["Processes"]] == [13, 11, 12]
    assert {p["id"]: p["is_required"] for p in result["processes"]} == {13: True, 11: False, 12: False}


def test_linking_with_estimate_pricing_off_fetches_no_sample(connector, tharstern):
    result = link(connector, 6, stock_item_id=1004, use_estimate_pricing=False).json
    assert (result["pricing"], result["estimate_template"], result["sample_request"]) == ("price_list", None, None)
    assert "Estimate pricing is off" in result["warnings"][0]
    assert tharstern.calls("estrequest/4/example") == 0


def test_a_price_list_item_cannot_be_priced_by_estimate(connector, tharstern):
    result = link(connector, 6, stock_item_id=1006).json  # PEN-BRAND, ProductTypes_ID = 0
    assert result["pricing"] == "price_list" and "ProductTypes_ID = 0" in result["warnings"][0]


def test_only_items_of_the_list_can_be_linked(connector, tharstern):
    for item in (1008, 1009, 424242):  # ACME01's banner, a filtered PrintableFlat, nothing
        answer = link(connector, 6, stock_item_id=item)
        assert answer.status_code == 422 and "stock_item_id" in answer.json["errors"]
    assert link(connector, 6, stock_item_id="1004").status_code == 422
    assert link(connector, 6).status_code == 422
    assert link(connector, 999, stock_item_id=1004).status_code == 404


def test_choosing_parts_and_processes_rebuilds_the_template(connector, tharstern):
    answer = connector.sf("PUT", "/variants/1/link/selection", json={"part_ids": [101], "process_ids": [13, 12]})
    assert answer.status_code == 200, answer.json
    template = answer.json["estimate_template"]
    assert [p["ProcessTypeId"] for p in template["Processes"]] == [13, 12]
    assert answer.json["warnings"] == []


def test_selection_names_what_is_wrong(connector, tharstern):
    answer = connector.sf("PUT", "/variants/1/link/selection", json={"part_ids": [101], "process_ids": [12]})
    assert answer.status_code == 422 and "Trim to size" in answer.json["errors"]["process_ids"][0]
    answer = connector.sf("PUT", "/variants/1/link/selection", json={"part_ids": [101, 999], "process_ids": [13]})
    assert answer.status_code == 422 and "999" in answer.json["errors"]["part_ids"][0]
    answer = connector.sf("PUT", "/variants/3/link/selection", json={"part_ids": [103], "process_ids": [15]})
    assert answer.status_code == 422 and "Text" in answer.json["errors"]["part_ids"][0]
    assert connector.sf("PUT", "/variants/4/link/selection", json={"part_ids": [], "process_ids": []}).status_code == 409
    assert connector.sf("PUT", "/variants/6/link/selection", json={"part_ids": [], "process_ids": []}).status_code == 409


def test_manual_edits_are_dropped_by_a_new_selection_with_a_warning(connector, tharstern):
    template = connector.sf("GET", "/variants/1/link").json["estimate_template"]
    template["FinishedSize"]["Code"] = "BC-SQUARE"
    answer = connector.sf("PUT", "/variants/1/link/template", json={"template": template})
    assert answer.status_code == 200
    assert (answer.json["manual_edit"], answer.json["template_source"]) == (True, "manual")
    assert answer.json["estimate_template"]["FinishedSize"]["Code"] == "BC-SQUARE"
    answer = connector.sf("PUT", "/variants/1/link/selection", json={"part_ids": [101], "process_ids": [13, 11]})
    assert answer.json["manual_edit"] is False
    assert answer.json["estimate_template"]["FinishedSize"]["Code"] == "BC"
    assert "manual edits" in answer.json["warnings"][0] and "discarded" in answer.json["warnings"][0]


def test_a_template_must_be_an_object_for_the_linked_product_type(connector, tharstern):
    for body in ({"template": {"ProductTypeID": 7, "Quantity": 1}}, {"template": [1]}, {},
                 {"template": {}, "mapping_code": "{}"}):
        answer = connector.sf("PUT", "/variants/1/link/template", json=body)
        assert answer.status_code == 422, body


def test_mapping_code_errors_name_the_line(connector, tharstern):
    code = '{\n  "ProductTypeID": 1,\n  "Quantity": {{ quantity }},\n  "Parts": {{ nothing_here }}\n}'
    answer = connector.sf("PUT", "/variants/1/link/template", json={"mapping_code": code})
    assert answer.status_code == 422
    assert answer.json["errors"]["mapping_code"][0].startswith("template line 4:")
    answer = connector.sf("PUT", "/variants/1/link/template", json={"mapping_code": "{\n  \"a\": 1,\n  \"b\": \n}"})
    assert answer.json["errors"]["mapping_code"][0].startswith("output line 4:")
    answer = connector.sf("PUT", "/variants/1/link/template", json={"mapping_code": "{% for %}"})
    assert "line 1" in answer.json["errors"]["mapping_code"][0]


def test_mapping_code_reaches_no_python(connector, tharstern):
    for code in ("{{ request.__class__.__mro__ }}", "{{ ''.__class__.__subclasses__() }}",
                 "{{ cycler.__init__.__globals__ }}", "{{ self._TemplateReference__context }}"):
        answer = connector.sf("PUT", "/variants/1/link/template", json={"mapping_code": code})
        assert answer.status_code == 422, code


def test_mapping_code_shapes_the_estimate_request(connector, tharstern):
    code = """{% set r = request %}{
  "ProductTypeID": 1, "Quantity": {{ quantity }}, "Customer": {"Code": "{{ customer_code }}"},
  "Parts": [{"ProductTypePartID": 101, "Pages": {{ 1 if attributes["Sides"] == "Single-sided" else 2 }},
             "PaperCode": "DIG SILK 350"}],
  "Processes": [{"ProcessTypeId": 13}, {"ProcessTypeId": 12}]
}"""
    answer = connector.sf("PUT", "/variants/1/link/template", json={"mapping_code": code})
    assert answer.status_code == 200, answer.json
    assert answer.json["template_source"] == "mapping_code" and answer.json["mapping_code"] == code
    with_corners = connector.price(variant_id=1, quantity=100, attribute_value_ids=[5])
    sent = json.loads(tharstern.journal("estrequest", "POST")[-1]["request_body"])
    assert [p["ProcessTypeId"] for p in sent["Processes"]] == [13, 12]
    assert sent["Parts"][0]["Pages"] == 1  # "Single-sided" chosen
    assert sent["IgnoreShipping"] is True and sent["RequiredDateTime"].endswith("T12:00:00Z")  # settings fill gaps
    assert with_corners["price"] is not None
    plain = connector.sf("PUT", "/variants/1/link/selection", json={"part_ids": [101], "process_ids": [13]}).json
    assert plain["mapping_code"] is None and "discarded" in plain["warnings"][0]
    assert connector.price(variant_id=1, quantity=100, attribute_value_ids=[5])["price"] < with_corners["price"]


def test_attribute_values_map_to_a_node_and_value(connector, tharstern):
    answer = connector.sf("PUT", "/attribute-values/2/link", json={"node": "Parts[0].PaperCode", "value": "UNCOATED 120"})
    assert answer.status_code == 200
    assert (answer.json["node"], answer.json["value"], answer.json["attribute_name"]) == ("Parts[0].PaperCode", "UNCOATED 120", "Paper")
    product = connector.sf("GET", "/products/2").json
    assert product["attributes"][0]["values"][1] == {"id": 2, "name": "Silk 170gsm", "node": "Parts[0].PaperCode",
                                                    "value": "UNCOATED 120"}


def test_a_node_that_does_not_fit_a_variant_warns(connector, tharstern):
    answer = connector.sf("PUT", "/attribute-values/4/link", json={"node": "Parts[3].Pages", "value": 2})
    assert answer.status_code == 200
    assert any("Parts has 1 item" in w for w in answer.json["warnings"])


def test_attribute_value_links_are_validated(connector, tharstern):
    for body in ({"node": "Parts[0]..PaperCode", "value": "X"}, {"node": "Parts[x]", "value": "X"},
                 {"node": "", "value": "X"}, {"node": "Quantity", "value": {"a": 1}}, {"node": "Quantity"},
                 {"node": "Quantity", "value": None}, {"node": "Quantity", "value": 1, "extra": True}):
        assert connector.sf("PUT", "/attribute-values/1/link", json=body).status_code == 422, body
    assert connector.sf("PUT", "/attribute-values/999/link", json={"node": "Quantity", "value": 1}).status_code == 404
    answer = connector.sf("DELETE", "/attribute-values/1/link")
    assert (answer.json["node"], answer.json["value"]) == (None, None)


def test_unlinking_a_variant(connector, tharstern):
    assert connector.sf("DELETE", "/variants/1/link").json["linked"] is False
    assert connector.sf("GET", "/variants/1/link").json["linked"] is False
    assert connector.sf("POST", "/prices", json={"variant_id": 1, "quantity": 100}).status_code == 409
