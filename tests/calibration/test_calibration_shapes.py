"""The shape rules, without HTTP: what counts as a difference and what does not."""
from __future__ import annotations

from harness.calibration.shapes import Difference, compare, filled_lists, parent_of, shape_of


def differences(real, fake) -> set[tuple[str, str]]:
    return {(d.path, d.kind) for d in compare(shape_of(real), shape_of(fake))}


def test_the_same_shape_with_other_values_is_no_difference():
    real = {"Details": {"Items": [{"ID": 1, "Code": "A", "Price": 12, "Type": {"Value": 1, "Name": "Finished"}}]}}
    fake = {"Details": {"Items": [{"ID": 7, "Code": "Z", "Price": 12.5, "Type": {"Value": 2, "Name": "Material"}},
                                  {"ID": 8, "Code": "Y", "Price": None, "Type": {"Value": 1, "Name": "Finished"}}]}}
    assert differences(real, fake) == set()


def test_a_missing_object_is_reported_once_at_its_top():
    real = {"Details": {"Items": [{"ID": 1, "Address": {"City": "Leeds", "Lines": ["1 Road"]}}]}}
    fake = {"Details": {"Items": [{"ID": 1}]}}
    assert compare(shape_of(real), shape_of(fake)) == [Difference("Details.Items[].Address", "missing", "object", None)]


def test_a_field_in_any_item_counts():
    real = {"Details": {"Items": [{"ID": 1}, {"ID": 2, "Note": "x"}]}}
    fake = {"Details": {"Items": [{"ID": 3, "Note": "y"}]}}
    assert differences(real, fake) == set()


def test_types_differ_but_null_fits_any():
    assert differences({"A": "1", "B": None}, {"A": 1, "B": {"x": 1}}) == {("A", "type")}


def test_lists_empty_on_a_side_are_not_compared_item_by_item():
    assert differences({"Items": []}, {"Items": [{"ID": 1}]}) == set()
    assert filled_lists({"Items": [], "Other": [[1]]}) == {"Items": False, "Other": True, "Other[]": True}


def test_enum_names_and_values():
    real = {"T": {"Value": 2, "Name": "PrintableFlat"}, "S": {"Value": 1, "Name": "Valid"}}
    fake = {"T": {"Value": 2, "Name": "Flat"}, "S": {"Value": 0, "Name": "Valid"}}
    found = compare(shape_of(real), shape_of(fake))
    assert [(d.path, d.kind, d.real, d.fake) for d in found] == [("S", "enum", "1 Valid", "0 Valid"),
                                                                ("T", "enum", "2 PrintableFlat", "2 Flat")]
    assert differences({"T": {"Value": 2, "Name": "X"}}, {"T": "X"}) == {("T", "type")}


def test_model_state_keys_are_data_not_field_names():
    real = {"Message": "The request is invalid.", "ModelState": {"request.Quantity": ["required"]}}
    fake = {"Message": "The request is invalid.", "ModelState": {"quantity": ["is required"]}}
    assert differences(real, fake) == set()
    assert differences(real, {"Message": "x", "ModelState": {"q": "not a list"}}) == {("ModelState{}", "type")}


def test_parent_paths():
    assert [parent_of(p) for p in ("Status", "Details.Items", "Details.Items[]", "Details.Items[].Code",
                                   "ModelState{}", "ModelState{}[]")] == ["$", "Details", "Details.Items",
                                                                           "Details.Items[]", "ModelState", "ModelState{}"]
