"""Test controls, start-up data, the OpenAPI document and the docs page."""
from __future__ import annotations

from connector.app import create_app


def test_reset_returns_to_a_fixture_and_forgets_caches_tokens_and_the_clock(connector, tharstern):
    connector.sf("POST", "/products", json={"name": "Extra"})
    connector.sf("GET", "/connect-link/options")
    connector.advance_clock(1000)
    answer = connector.post("/_control/reset", json={"fixture": "demo"})
    assert answer.json == {"fixture": "demo", "counts": {"storefronts": 3, "products": 7, "variants": 8,
                                                         "departments": 2, "customers": 6, "orders": 4}}
    assert len(connector.sf("GET", "/products").json) == 7
    assert connector.get("/_control/clock").json["offset_s"] == 0
    tharstern.clear_journal()
    connector.sf("GET", "/connect-link/options")
    assert tharstern.calls("authentication/generateapitoken") == 1 and tharstern.calls("products") == 1
    assert connector.post("/_control/reset", json={"fixture": "empty"}).json["counts"]["products"] == 0
    assert connector.post("/_control/reset").json["fixture"] == "demo"  # no body: demo


def test_new_ids_continue_after_the_fixture(connector, tharstern):
    assert connector.sf("POST", "/products", json={"name": "Next"}).json["id"] == 8
    connector.reset()
    assert connector.sf("POST", "/products", json={"name": "Next"}).json["id"] == 8


def test_control_input_is_validated(connector, tharstern):
    assert connector.post("/_control/reset", json={"fixture": "large"}).status_code == 422
    for body in ({"advance_s": -1}, {"advance_s": "10"}, {}, {"advance_s": 1e12}):
        assert connector.post("/_control/clock", json=body).status_code == 422
    assert connector.post("/_control/clock", json={"advance_s": 90}).json["offset_s"] == 90


def test_test_controls_are_off_unless_asked_for(tmp_path, monkeypatch):
    monkeypatch.delenv("CONNECTOR_TEST_CONTROLS", raising=False)
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite'}"})
    client = app.test_client()
    assert client.post("/_control/reset").status_code == 404
    assert "/_control/reset" not in client.get("/openapi.json").json["paths"]
    monkeypatch.setenv("CONNECTOR_TEST_CONTROLS", "1")
    assert create_app({"DATABASE_URL": "sqlite://"}).test_client().post("/_control/reset").status_code == 200


def test_state_persists_in_a_database_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'connector.sqlite'}"
    first = create_app({"DATABASE_URL": url, "FIXTURE": "empty"}).test_client()
    first.post("/api/storefronts/default/products", json={"name": "Kept"})
    again = create_app({"DATABASE_URL": url, "FIXTURE": "demo"}).test_client()  # not empty: no fixture applied
    assert [p["name"] for p in again.get("/api/storefronts/default/products").json] == ["Kept"]


def test_the_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CONNECTOR_DATABASE_URL", f"sqlite:///{tmp_path / 'from-env.sqlite'}")
    create_app({"FIXTURE": "empty"})
    assert (tmp_path / "from-env.sqlite").exists()


def test_without_a_url_the_database_is_a_file_in_the_instance_folder(tmp_path):
    from flask import Flask

    from connector.app import _database_url
    app = Flask("connector", instance_path=str(tmp_path / "instance"))
    app.config["DATABASE_URL"] = None
    assert _database_url(app) == f"sqlite:///{tmp_path / 'instance' / 'connector.sqlite'}"
    assert (tmp_path / "instance").is_dir()


def test_the_demo_points_at_the_configured_tharstern(tmp_path):
    app = create_app({"DATABASE_URL": "sqlite://", "THARSTERN_URL": "http://127.0.0.1:9999/TharsternAPI"})
    assert app.test_client().get("/api/storefronts/default/connection").json["api_url"] == \
        "http://127.0.0.1:9999/TharsternAPI"


def test_openapi_and_docs(connector, tharstern):
    spec = connector.get("/openapi.json").json
    for path in ("/api/storefronts/{sf}/connection/check", "/api/storefronts/{sf}/connect-link/options",
                 "/api/storefronts/{sf}/connect-link/diagnose", "/api/storefronts/{sf}/variants/{vid}/link/template",
                 "/api/storefronts/{sf}/attribute-values/{avid}/link", "/api/storefronts/{sf}/customers/{cid}/customer-code",
                 "/api/storefronts/{sf}/prices", "/api/storefronts/{sf}/cache/clear", "/_control/reset"):
        assert path in spec["paths"], path
    assert "password" not in spec["components"]["schemas"]["ConnectionOut"]["properties"]
    assert connector.get("/docs").status_code == 200
    assert connector.get("/_static/swagger-ui/swagger-ui.css").status_code == 200
