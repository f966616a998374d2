"""Matching expected values against answers: structure, equality, the four matchers, JSONPaths."""
from __future__ import annotations

from harness.matchers import MISSING, compare, compare_path, matcher_problems
from harness.run.expectations import check_answer, saved_values
from harness.run.http import NOT_JSON, Answer


def wheres(mismatches) -> list[str]:
    return [m.where for m in mismatches]


def test_a_mapping_matches_the_keys_it_names_and_ignores_the_rest():
    assert compare({"rule": "auto_created"}, {"rule": "auto_created", "code": "X"}, "json") == []
    assert wheres(compare({"rule": "auto_created"}, {"rule": "storefront_default"}, "json")) == ["json.rule"]
    assert wheres(compare({"a": {"b": 1}}, {"a": {}}, "json")) == ["json.a.b"]


def test_a_list_must_have_the_same_length_and_matching_items():
    assert compare([1, 2], [1, 2], "x") == []
    assert wheres(compare([1, 2], [1, 2, 3], "x")) == ["x"]
    assert wheres(compare([1, {"a": 2}], [1, {"a": 3}], "x")) == ["x[1].a"]


def test_equality_is_numeric_for_numbers_and_strict_for_booleans_and_text():
    assert compare(1, 1.0, "x") == []
    assert compare(32.29, 32.290000000001, "x") == []
    assert compare(1, True, "x") != []
    assert compare(True, 1, "x") != []
    assert compare("1", 1, "x") != []
    assert compare(None, None, "x") == []
    assert compare(None, MISSING, "x") != []


def test_regex_type_any_and_count():
    assert compare({"$regex": r"^SO\d{6}$"}, "SO070001", "x") == []
    assert compare({"$regex": r"^SO\d{6}$"}, "SO7", "x") != []
    assert compare({"$regex": "1"}, 1, "x") != []  # only text matches a regex
    assert compare({"$type": "integer"}, 5, "x") == []
    assert compare({"$type": "integer"}, True, "x") != []
    assert compare({"$type": "number"}, 2.5, "x") == []
    assert compare({"$type": "null"}, None, "x") == []
    assert compare({"$type": "string"}, MISSING, "x") != []
    assert compare({"$any": True}, None, "x") == []
    assert compare({"$any": True}, MISSING, "x") != []
    assert compare({"$count": 2}, [1, 2], "x") == []
    assert compare({"$count": 0}, MISSING, "x") == []
    assert compare({"$count": 3}, [1, 2], "x") != []


def test_jsonpaths_find_one_value_several_or_none():
    document = {"Items": [{"Code": "A", "ID": 1}, {"Code": "B", "ID": 2}]}
    assert compare_path("$.Items[1].Code", "B", document) == []
    assert compare_path("$.Items[*].Code", ["A", "B"], document) == []
    assert compare_path("$.Items[?(@.Code == 'B')].ID", 2, document) == []
    assert compare_path("$.Items[?(@.Code == 'Z')]", {"$count": 0}, document) == []
    assert compare_path("$.Items[*]", {"$count": 2}, document) == []
    assert compare_path("$.Items", {"$count": 2}, document) == []
    missing = compare_path("$.Nope", 1, document)
    assert len(missing) == 1 and missing[0].actual is MISSING


def test_an_expected_list_matches_a_wildcard_that_found_one_value():
    document = {"Items": [{"Code": "A", "Tags": ["x"]}]}
    assert compare_path("$.Items[*].Code", ["A"], document) == []
    assert compare_path("$.Items[?(@.Code == 'A')].Code", "A", document) == []
    assert compare_path("$.Items[0].Tags", ["x"], document) == []
    assert len(compare_path("$.Items[*].Code", ["B"], document)) == 1


def test_malformed_matchers_are_reported_with_their_place():
    found = dict(matcher_problems({"a": {"$regex": "x", "b": 1}, "c": [{"$cnt": 1}], "d": {"$any": False}}))
    assert "a matcher stands alone" in found[("a",)]
    assert "did you mean '$count'" in found[("c", 0, "$cnt")]
    assert "$any: write {$any: true}" in found[("d", "$any")]


def test_an_answer_without_expected_status_must_be_2xx():
    assert check_answer({}, Answer(204)) == []
    assert wheres(check_answer({}, Answer(500, text="boom"))) == ["status"]
    assert check_answer({"status": [200, 201]}, Answer(201)) == []
    assert wheres(check_answer({"status": 200}, Answer(201))) == ["status"]


def test_no_answer_matches_only_status_null():
    dropped = Answer(None, error="the connection was closed without an answer")
    assert check_answer({"status": None}, dropped) == []
    assert wheres(check_answer({}, dropped)) == ["status"]
    assert wheres(check_answer({"status": None}, Answer(200, json={}))) == ["status"]


def test_json_expectations_need_a_json_answer():
    text_answer = Answer(200, text='{"Status": {"Success": tru', json=NOT_JSON)
    assert wheres(check_answer({"json": {"a": 1}}, text_answer)) == ["json"]
    assert check_answer({"body": {"$regex": "tru$"}}, text_answer) == []
    assert check_answer({"headers": {"content-type": {"$regex": "json"}}},
                        Answer(200, headers={"Content-Type": "application/json"}, json={})) == []


def test_save_picks_values_and_names_what_it_could_not_find():
    values, problems = saved_values({"cid": "$.id", "none": "$.nope"}, Answer(201, json={"id": 7}))
    assert values == {"cid": 7}
    assert [p.where for p in problems] == ["save none"]


def test_count_counts_jsonpath_matches_whatever_each_match_is():
    document = {"Details": {"Items": [{"Code": "A", "ID": 1, "Name": "x"}, {"Code": "B", "ID": 2}]},
                "Customer": {"ID": 7, "Name": "Acme", "Code": "ACME01"}}
    # one object found is one match, not its three keys
    assert compare_path("$.Details.Items[?(@.Code == 'A')]", {"$count": 1}, document) == []
    assert compare_path("$.Customer", {"$count": 1}, document) == []
    assert compare_path("$.Details.Items[*]", {"$count": 2}, document) == []
    assert compare_path("$.Details.Items[0:1]", {"$count": 1}, document) == []
    assert compare_path("$..Code", {"$count": 3}, document) == []
    # a path naming one place that holds a list counts its items, so both spellings agree
    assert compare_path("$.Details.Items", {"$count": 2}, document) == []
    wrong = compare_path("$.Customer", {"$count": 3}, document)
    assert len(wrong) == 1 and wrong[0].actual.startswith("1:")
    # under a key: a list counts its items, any other value 1, absent 0
    assert compare({"Customer": {"$count": 1}}, document, "json") == []
    assert compare({"Nope": {"$count": 0}}, document, "json") == []
