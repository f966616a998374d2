"""Customer-code resolution: the order of the rules and the one-line explanation of each."""
from __future__ import annotations

from datetime import datetime, timezone

from connector.domain.customer_codes import CustomerFacts, resolve_customer_code
from connector.domain.customer_match import ambiguity, choose_among, exact_email_matches, rank_candidates
from connector.domain.records import TharsternCustomer


def resolve(customer, code="WEB001", auto_link=False):
    return resolve_customer_code(customer, code, auto_link=auto_link)


def test_the_customers_own_link_comes_first():
    customer = CustomerFacts("a@x.example", connect_id="OWN01", department_name="D", department_code="DEPT01")
    result = resolve(customer)
    assert (result.code, result.rule) == ("OWN01", "customer_link")
    assert "own Connect Link" in result.explanation


def test_automatic_links_say_how_they_were_made():
    when = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
    linked = resolve(CustomerFacts("a@x.example", connect_id="GLOBEX", link_source="auto_linked", linked_at=when))
    created = resolve(CustomerFacts("a@x.example", connect_id="NEW001", link_source="auto_created", linked_at=when))
    assert (linked.rule, created.rule) == ("auto_linked", "auto_created")
    assert "found by e-mail" in linked.explanation and "2026-03-02 09:30" in linked.explanation
    assert "was created in Tharstern" in created.explanation


def test_the_department_code_comes_next():
    result = resolve(CustomerFacts("a@x.example", department_name="Acme", department_code="ACME01"))
    assert (result.code, result.rule) == ("ACME01", "department")
    assert "Acme" in result.explanation


def test_otherwise_the_storefront_code_with_the_reason():
    no_department = resolve(CustomerFacts("a@x.example"))
    empty_department = resolve(CustomerFacts("a@x.example", department_name="Globex"))
    anonymous = resolve(None)
    assert {r.rule for r in (no_department, empty_department, anonymous)} == {"storefront_default"}
    assert {r.code for r in (no_department, empty_department, anonymous)} == {"WEB001"}
    assert "no department" in no_department.explanation
    assert "'Globex' has no Tharstern code" in empty_department.explanation
    assert "anonymous" in anonymous.explanation


def test_automatic_linking_before_the_first_order_still_uses_the_storefront_code():
    result = resolve(CustomerFacts("a@x.example"), auto_link=True)
    assert (result.code, result.rule) == ("WEB001", "storefront_default")
    assert "first order" in result.explanation
    assert resolve(CustomerFacts("a@x.example", department_code="D1", department_name="D"), auto_link=True).rule == "department"


def test_no_storefront_code_says_what_to_set():
    result = resolve(CustomerFacts("a@x.example"), code="  ")
    assert result.code is None and "storefront_customer_code" in result.explanation


def customers():
    return [TharsternCustomer(1, "ACME01", "Acme", emails=("jane@acme.example", "Accounts@Acme.example")),
            TharsternCustomer(2, "ACMEX", "Acme Exports", emails=("jane@acme.example.org",)),
            TharsternCustomer(3, "ZED", "Zed", emails=())]


def test_email_matching_is_exact_ignoring_case_and_spaces_on_any_contact():
    assert [c.code for c in exact_email_matches(customers(), " accounts@ACME.example ")] == ["ACME01"]
    assert [c.code for c in exact_email_matches(customers(), "jane@acme.example")] == ["ACME01"]
    assert exact_email_matches(customers(), "acme.example") == []
    assert exact_email_matches(customers(), "") == []


def test_popup_candidates_put_matches_first_and_filter_by_query():
    ranked = rank_candidates(customers(), "jane@acme.example.org")
    assert [(c.code, m) for c, m in ranked] == [("ACMEX", True), ("ACME01", False), ("ZED", False)]
    assert [c.code for c, _ in rank_candidates(customers(), "x@y.example", "zed")] == ["ZED"]
    assert [c.code for c, _ in rank_candidates(customers(), "x@y.example", "ACCOUNTS@")] == ["ACME01"]


def test_among_several_matches_the_choice_is_fixed_whatever_order_tharstern_lists_them_in():
    email = "twin@example.com"
    contact_only = TharsternCustomer(5, "OLDEST", "Oldest Ltd", contact_email="office@x.example",
                                     emails=("office@x.example", email))
    younger = TharsternCustomer(30, "AAA01", "Younger Ltd", contact_email=email, emails=(email,))
    older = TharsternCustomer(20, "ZZZ01", "Older Ltd", contact_email="TWIN@example.com", emails=("TWIN@example.com",))
    orders = [[contact_only, younger, older], [older, younger, contact_only], [younger, contact_only, older]]
    assert {tuple(c.code for c in choose_among(o, email)) for o in orders} == {("ZZZ01", "AAA01", "OLDEST")}
    found = ambiguity(choose_among(orders[0], email), email)
    assert (found["chosen"], [c["matched_on"] for c in found["candidates"]]) == (
        "ZZZ01", ["ContactEmail", "ContactEmail", "contact"])
    assert "oldest" in found["rule"] and ambiguity([older], email) is None


def test_an_automatic_link_chosen_among_several_says_so_and_names_them_all():
    found = ambiguity(choose_among([TharsternCustomer(2, "B2", "Bee", contact_email="t@x.example"),
                                    TharsternCustomer(1, "A1", "Ay", contact_email="t@x.example")], "t@x.example"),
                      "t@x.example")
    result = resolve(CustomerFacts("t@x.example", connect_id="A1", link_source="auto_linked", link_ambiguity=found))
    assert (result.code, result.rule, result.ambiguity["chosen"]) == ("A1", "auto_linked", "A1")
    assert "2 Tharstern customers have the e-mail t@x.example: A1 was chosen over B2 'Bee'" in result.explanation
    assert result.to_dict()["ambiguity"] == found
    assert "ambiguity" not in resolve(CustomerFacts("t@x.example", connect_id="A1", link_source="manual")).to_dict()
