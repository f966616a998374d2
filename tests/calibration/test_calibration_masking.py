"""What the recording proxy masks, judged on decoded names, in every place a secret travels."""
from __future__ import annotations

import pytest

from fake_tharstern.backend.controls.masking import (MASK, ZERO_TOKEN, is_secret_name, mask_body, mask_headers, mask_json,
                                          mask_query, mask_text, query_params, strip_userinfo)


@pytest.mark.parametrize("name", ["password", "Password", "PASSWORD", "%70assword", "pass%77ord", "Pass%77ord[0]",
                                  "user.Password", "Token", "apiToken", "X-Api-Key", "client_secret"])
def test_secret_names_are_judged_decoded(name):
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["email", "applicationId", "customerCode", "ExpiresDateTime", "UserId", "Code"])
def test_ordinary_names_are_kept(name):
    assert not is_secret_name(name)


def test_query_masks_secret_values_and_keeps_the_rest_as_written():
    query = "email=a%40b.test&%70assword=s3cret&applicationId=app&id[0]=1"
    assert mask_query(query) == f"email=a%40b.test&%70assword={MASK}&applicationId=app&id[0]=1"
    assert query_params(query) == [["email", "a@b.test"], ["password", MASK], ["applicationId", "app"], ["id[0]", "1"]]


def test_answers_lose_tokens_but_keep_the_refused_login_zero_token_and_token_status():
    answer = {"Status": {"Success": True, "Token": {"Status": {"Value": 0, "Name": "Valid"}, "UserId": 3}},
              "Details": {"Token": "1c7e1f0a-1111-4222-8333-944455556666", "ExpiresDateTime": "2026-01-01T00:00:00Z"}}
    masked = mask_json(answer)
    assert masked["Details"]["Token"] == MASK
    assert masked["Status"]["Token"] == answer["Status"]["Token"]
    assert mask_json({"Status": {"Token": "abc-def"}})["Status"]["Token"] == MASK
    assert mask_json({"Details": {"Token": ZERO_TOKEN}})["Details"]["Token"] == ZERO_TOKEN


def test_headers_keep_the_scheme_only():
    masked = mask_headers([("Authorization", "Basic dG9rZW46"), ("X-Control-Token", "abc"), ("Accept", "*/*")])
    assert masked == {"Authorization": f"Basic {MASK}", "X-Control-Token": MASK, "Accept": "*/*"}


def test_bodies_json_form_and_text():
    assert mask_body(b'{"Users": [{"Email": "a@b", "Password": "pw"}]}')[1] == {"Users": [{"Email": "a@b", "Password": MASK}]}
    assert mask_body(b"user=a&%70assword=pw", "application/x-www-form-urlencoded") == ("form", f"user=a&%70assword={MASK}")
    assert mask_text('broken {"Password": "pw", "Name": "x"') == f'broken {{"Password": "{MASK}", "Name": "x"'
    assert mask_body(b"") == ("empty", None)


def test_userinfo_is_left_out_of_urls():
    assert strip_userinfo("http://u:p@mis.example/TharsternAPI") == "http://mis.example/TharsternAPI"
