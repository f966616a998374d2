"""Estimate request templates and node paths."""
from __future__ import annotations

import pytest

from connector.domain.node_paths import NodePathError, parse_node_path, set_node
from connector.domain.records import PartOption, ProcessOption, ProductType
from connector.domain.templates import (apply_node_values, apply_owned_fields, build_template, check_selection,
                                        default_selection, fill_missing, product_type_id_of)

BOOKLET = ProductType(3, "A4 Booklet", parts=(PartOption(103, "Cover", True, True), PartOption(104, "Text", True, True),
                                              PartOption(105, "Insert", False, False)),
                      processes=(ProcessOption(15, "Saddle stitch", True, True), ProcessOption(11, "Lamination"),
                                 ProcessOption(12, "Corners", False, True)))
SAMPLE = {"ProductTypeID": 3, "Quantity": 10, "Customer": {"Code": ""},
          "Parts": [{"ProductTypePartID": 103, "Pages": 4}, {"productTypePartId": "104", "Pages": 16},
                    {"ProductTypePartID": 105, "Pages": 2}],
          "Processes": [{"ProcessTypeId": 15}, {"ProcessTypeID": 11}, {"processtypeid": 12}]}


def test_required_and_default_options_are_chosen_first():
    assert default_selection(BOOKLET) == ([103, 104], [15, 12])


def test_a_selection_is_checked_against_the_product_type():
    assert check_selection(BOOKLET, [103, 104], [15]) == {}
    errors = check_selection(BOOKLET, [103, 999], [11, 11])
    assert any("999" in m for m in errors["part_ids"]) and any("'Text' (104) is required" in m for m in errors["part_ids"])
    assert any("once" in m for m in errors["process_ids"]) and any("Saddle stitch" in m for m in errors["process_ids"])


def test_the_template_keeps_the_chosen_parts_and_processes_in_sample_order_whatever_the_casing():
    template = build_template(SAMPLE, [104, 103], [12, 15])
    assert [p["Pages"] for p in template["Parts"]] == [4, 16]
    assert template["Processes"] == [{"ProcessTypeId": 15}, {"processtypeid": 12}]
    assert len(SAMPLE["Parts"]) == 3  # the sample is left alone


def test_node_paths_parse_and_refuse_nonsense():
    assert parse_node_path(" Parts[0].PaperCode ") == ["Parts", 0, "PaperCode"]
    assert parse_node_path("A[1][2].b_c") == ["A", 1, 2, "b_c"]
    for bad in ("", "Parts[]", "Parts.[0]", "1abc", "a..b", "a[-1]", "a[1000]", "a b"):
        with pytest.raises(NodePathError):
            parse_node_path(bad)


def test_setting_a_node_matches_keys_in_any_case_and_never_invents_items():
    document = {"Parts": [{"PaperCode": "A"}], "FinishedSize": {"Code": "A4"}}
    set_node(document, "parts[0].papercode", "B")
    set_node(document, "FinishedSize.Width", 210)
    assert document == {"Parts": [{"PaperCode": "B"}], "FinishedSize": {"Code": "A4", "Width": 210}}
    with pytest.raises(NodePathError, match="Parts has 1 item"):
        set_node(document, "Parts[1].Pages", 2)
    with pytest.raises(NodePathError, match="does not exist"):
        set_node(document, "Missing.Code", 1)
    with pytest.raises(NodePathError, match="not a list"):
        set_node(document, "FinishedSize[0]", 1)


def test_node_values_are_applied_as_copies():
    request = build_template(SAMPLE, [103, 104], [15])
    shared = ["x"]
    apply_node_values(request, [("Parts[1].Pages", 32), ("Ref1", shared)])
    shared.append("y")
    assert request["Parts"][1]["Pages"] == 32 and request["Ref1"] == ["x"]


def test_the_connectors_fields_are_set_in_one_spelling():
    request = {"ProductTypeId": 9, "ProductTypeID": 9, "quantity": 1, "Customer": None}
    apply_owned_fields(request, product_type_id=3, quantity=250, customer_code="ACME01", ignore_shipping=True,
                       required_date="2026-03-04T12:00:00Z")
    assert [k for k in request if k.lower() == "producttypeid"] == ["ProductTypeId"]
    assert product_type_id_of(request) == 3
    assert (request["quantity"], request["Customer"], request["IgnoreShipping"], request["RequiredDateTime"]) == (
        250, {"Code": "ACME01"}, True, "2026-03-04T12:00:00Z")


def test_missing_fields_are_filled_and_present_ones_kept():
    request = {"ignoreshipping": False}
    fill_missing(request, IgnoreShipping=True, RequiredDateTime="2026-01-01T12:00:00Z", Ref1=None)
    assert request == {"ignoreshipping": False, "RequiredDateTime": "2026-01-01T12:00:00Z"}
