"""Stubs through the test client: what they match, what they answer, and what they may not do."""
from __future__ import annotations

import pytest

from tests.fixtures.fake import basic

API = "/TharsternAPI/api"


def add(client, **spec):
    answer = client.post("/_fake/stubs", json=spec)
    assert answer.status_code == 201, answer.json
    return answer.json


def test_a_stub_answers_an_unmodelled_route_in_the_envelope_with_templates(fake_client, auth):
    stub = add(fake_client, method="GET", path="Invoices/*", query={"customerCode": "WEB*"}, envelope=True,
               json={"Items": [{"InvoiceNo": "{{ request.query.customerCode }}-1", "At": "{{ now }}"}], "Total": 1},
               headers={"X-Stub": "{{ request.method }}"})
    answer = fake_client.get(f"{API}/invoices/list?CUSTOMERCODE=WEB001", headers=auth)
    assert answer.status_code == 200 and answer.headers["X-Stub"] == "GET"
    status, details = answer.json["Status"], answer.json["Details"]
    assert status["Success"] is True and status["Token"]["Status"]["Name"] == "Valid" and status["Token"]["UserId"] == 1
    assert details["Items"][0]["InvoiceNo"] == "WEB001-1" and details["Items"][0]["At"].endswith("Z")
    assert details["Total"] == 1
    # the query must match: another customer code, or none, finds no stub
    assert fake_client.get(f"{API}/invoices/list?customerCode=ACME01", headers=auth).status_code == 404
    assert fake_client.get(f"{API}/invoices/list", headers=auth).status_code == 404
    listed = fake_client.get("/_fake/stubs").json["items"]
    assert [(s["id"], s["hits"], s["remaining"]) for s in listed] == [(stub["id"], 1, None)]


def test_json_contains_text_bodies_times_and_newest_first(fake_client, auth):
    add(fake_client, method="POST", path="job/hold", json_contains={"Job": {"No": "100001"}, "Tags": ["rush"]},
        status=202, body="held {{ request.json.Job.No }}", times=1)
    add(fake_client, method="POST", path="job/hold", status=409, json={"Message": "newer"})
    assert fake_client.post(f"{API}/job/hold", headers=auth, json={"Job": {"No": "100001"}}).json == {"Message": "newer"}
    fake_client.delete("/_fake/stubs/2")
    miss = fake_client.post(f"{API}/job/hold", headers=auth, json={"Job": {"No": "100002"}, "Tags": ["rush"]})
    assert miss.status_code == 404
    hit = fake_client.post(f"{API}/job/hold", headers=auth,
                           json={"Job": {"No": "100001", "Extra": 1}, "Tags": ["slow", "rush"]})
    assert (hit.status_code, hit.get_data(as_text=True), hit.mimetype) == (202, "held 100001", "text/plain")
    again = fake_client.post(f"{API}/job/hold", headers=auth, json={"Job": {"No": "100001"}, "Tags": ["rush"]})
    assert again.status_code == 404  # times: 1, exhausted
    assert fake_client.get("/_fake/stubs").json["items"][0]["remaining"] == 0
    assert fake_client.post(f"{API}/job/hold", headers=auth, data="not json").status_code == 404


def test_modelled_routes_win_unless_the_stub_overrides(fake_client, auth):
    add(fake_client, method="GET", path="products", json={"stubbed": True})
    assert "Details" in fake_client.get(f"{API}/products", headers=auth).json
    add(fake_client, method="GET", path="products", json={"stubbed": True}, override=True, status=503,
        headers={"Retry-After": "30"})
    answer = fake_client.get(f"{API}/products", headers=auth)
    assert (answer.status_code, answer.json, answer.headers["Retry-After"]) == (503, {"stubbed": True}, "30")
    # a modelled path with a method it does not take (405) is not modelled: a stub answers it
    add(fake_client, method="DELETE", path="products", status=204, body="")
    assert fake_client.delete(f"{API}/products", headers=auth).status_code == 204


def test_auth_and_the_allowlist_apply_and_the_journal_and_coverage_name_the_stub(fake_client, auth):
    stub = add(fake_client, path="invoices", json=[], envelope=True, times=1)
    missing = fake_client.get(f"{API}/invoices")
    assert missing.status_code == 401 and missing.json["Status"]["Token"]["Status"]["Name"] == "Missing"
    assert fake_client.get(f"{API}/invoices", headers=basic("nope")).status_code == 401
    public = add(fake_client, path="authentication/generateapitoken", override=True, json={"Token": "stubbed"})
    assert fake_client.get(f"{API}/authentication/generateapitoken").json == {"Token": "stubbed"}
    fake_client.put("/_fake/allowlist", json={"ips": ["10.0.0.1"], "mode": "forbidden"})
    assert fake_client.get(f"{API}/invoices", headers=auth).status_code == 403
    fake_client.put("/_fake/allowlist", json={"ips": []})
    assert fake_client.get(f"{API}/invoices", headers=auth).status_code == 200  # refusals used none of times: 1
    assert fake_client.get(f"{API}/invoices", headers=auth).status_code == 404
    journal = fake_client.get("/_fake/journal?path=invoices").json["items"][:-1]
    assert [(e["status"], e.get("stub")) for e in journal] == [(401, None), (401, None), (403, None), (200, stub["id"])]
    coverage = fake_client.get("/_fake/coverage").json["stubs"]
    assert coverage["hit"] == {f"{stub['id']} * invoices": 1, f"{public['id']} * authentication/generateapitoken": 1}
    assert coverage["total"] == 2


PROBES = ["{{ request.__class__ }}", "{{ ''.__class__.__mro__ }}", "{{ now.__class__ }}",
          "{{ request.json.__init__.__globals__ }}", "{{ self }}", "{{ lipsum }}", "{{ cycler }}",
          "{{ request.query.__class__.__subclasses__() }}", "{{ request.json.Items.append(1) }}",
          "{{ request.query.update({'a': 1}) }}", "{{ config }}", "{{ range(10) }}", "{{ request.json.Items.pop() }}",
          "{{ request.json.Items|map(attribute='__class__')|list }}", "{{ (request.json.Items|attr('__class__')) }}"]


@pytest.mark.parametrize("probe", PROBES)
def test_templates_cannot_reach_python_objects(fake_client, auth, probe):
    """Either the sandbox refuses the template when the stub is added, or it renders to nothing
    that is a Python object; nothing is changed either way."""
    answer = fake_client.post("/_fake/stubs", json={"method": "POST", "path": "probe", "json": {"v": probe}})
    if answer.status_code == 400:
        assert "sandbox" in answer.json["errors"]["json.v"][0] or "not a template" in answer.json["errors"]["json.v"][0]
        return
    assert answer.status_code == 201
    sent = {"Items": [1, 2]}
    rendered = fake_client.post(f"{API}/probe", headers=auth, json=sent).json["v"]
    for word in ("class", "function", "module", "built-in", "Template", "object at", "dict"):
        assert word not in rendered, rendered


def test_template_errors_and_huge_values(fake_client, auth):
    add(fake_client, method="POST", path="probe", json={"v": "{{ request.json.Items.append(1) }}"})
    assert "template error" in fake_client.post(f"{API}/probe", headers=auth, json={"Items": []}).json["v"]
    journal = fake_client.get("/_fake/journal?limit=1").json["items"][0]
    assert journal["stub"] and journal["stub_problems"]  # the mutation was refused, and said so
    big = add(fake_client, path="big", body="{{ 'x' * request.json.n }}")
    answer = fake_client.post(f"{API}/big", headers=auth, json={"n": 10 ** 9})
    assert answer.status_code == 200 and "too large" in answer.get_data(as_text=True)
    assert fake_client.get("/_fake/stubs").json["items"][-1]["id"] == big["id"]


@pytest.mark.parametrize(("spec", "field"), [
    ({"json": {}}, "path"),
    ({"path": "x", "status": 99}, "status"),
    ({"path": "x", "status": True}, "status"),
    ({"path": "x", "method": "GET / HTTP"}, "method"),
    ({"path": "x", "json": {}, "body": "y"}, "body"),
    ({"path": "x", "body": 5}, "body"),
    ({"path": "x", "body": "y", "envelope": True}, "envelope"),
    ({"path": "x", "times": 0}, "times"),
    ({"path": "x", "override": "yes"}, "override"),
    ({"path": "x", "query": {"a": 1}}, "query"),
    ({"path": "x", "headers": {"Bad Name": "v"}}, "headers.Bad Name"),
    ({"path": "x", "headers": {"X-A": "one\r\ntwo"}}, "headers.X-A"),
    ({"path": "x", "headers": {"Content-Length": "3"}}, "headers.Content-Length"),
    ({"path": "x", "json": {"a": ["{{ request.json.x ", "ok"]}}, "json.a[0]"),
    ({"path": "x", "body": "{% for %}"}, "body"),
    ({"path": "x", "colour": "red"}, "colour"),
])
def test_bad_stubs_are_400_naming_the_field_and_add_nothing(fake_client, spec, field):
    answer = fake_client.post("/_fake/stubs", json=spec)
    assert answer.status_code == 400 and field in answer.json["errors"], answer.json
    assert fake_client.get("/_fake/stubs").json["count"] == 0


def test_delete_stubs_and_reset_clears_them(fake_client):
    add(fake_client, path="a")
    add(fake_client, path="b")
    assert fake_client.delete("/_fake/stubs/9").status_code == 404
    assert [s["path"] for s in fake_client.delete("/_fake/stubs/1").json["items"]] == ["b"]
    assert fake_client.delete("/_fake/stubs").json["count"] == 0
    add(fake_client, path="c")
    fake_client.post("/_fake/reset")
    assert fake_client.get("/_fake/stubs").json["count"] == 0
    assert fake_client.post("/_fake/stubs", data="[").status_code == 400


def test_fault_headers_go_with_the_answer_and_are_validated(fake_client, auth):
    rule = fake_client.post("/_fake/faults", json={"kind": "error", "status": 429, "path": "products",
                                                   "headers": {"Retry-After": "120"}, "times": 1})
    assert rule.status_code == 201 and rule.json["headers"] == {"Retry-After": "120"}
    limited = fake_client.get(f"{API}/products", headers=auth)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "120"
    assert fake_client.get(f"{API}/products", headers=auth).status_code == 200
    for spec, field in [({"kind": "drop", "headers": {"Retry-After": "1"}}, "headers"),
                        ({"kind": "error", "headers": ["Retry-After"]}, "headers"),
                        ({"kind": "error", "headers": {"Content-Type": "text/plain"}}, "headers.Content-Type"),
                        ({"kind": "error", "headers": {"Retry-After": ""}}, "headers.Retry-After"),
                        ({"kind": "html", "headers": {"X-A": "a\nb"}}, "headers.X-A")]:
        answer = fake_client.post("/_fake/faults", json=spec)
        assert answer.status_code == 400 and field in answer.json["errors"], (spec, answer.json)


def test_the_openapi_document_has_the_new_routes(fake_client):
    document = fake_client.get("/openapi.json").json
    paths = document["paths"]
    assert {"post", "get", "delete"} <= set(paths["/_fake/stubs"]) and "delete" in paths["/_fake/stubs/{stub_id}"]
    assert {"get", "put"} <= set(paths["/_fake/snapshot"]) and "post" in paths["/_fake/snapshot/save"]
    stub = document["components"]["schemas"]["StubBody"]
    assert stub["required"] == ["path"] and stub["properties"]["status"]["minimum"] == 200
    fault = document["paths"]["/_fake/faults"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert all("headers" in branch["properties"] for branch in fault["oneOf"])


def test_a_rendered_header_stays_one_line_of_latin_1(fake_client, auth):
    add(fake_client, path="echo", headers={"X-Echo": "{{ request.query.n }}"})
    answer = fake_client.get(f"{API}/echo?n=%E2%82%AC%0D%0AX-Evil:%201", headers=auth)
    assert answer.status_code == 200 and answer.headers["X-Echo"] == "???X-Evil: 1" and "X-Evil" not in answer.headers
    refused = fake_client.post("/_fake/stubs", json={"path": "echo", "headers": {"X-Euro": "€"}})
    assert refused.status_code == 400 and "ISO-8859-1" in refused.json["errors"]["headers.X-Euro"][0]
