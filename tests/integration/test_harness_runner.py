"""The runner against a real fake on loopback: it passes what holds and fails, with the reason,
what does not (wrong status, wrong value, a wait_for timeout, a journal count off by one)."""
from __future__ import annotations

import re

from harness.explain import failure_text
from harness.run import ERROR, FAILED, PASSED, SKIPPED


def statuses(result) -> list[tuple[str, str]]:
    return [(r.label.split(" (")[0], r.status) for r in result.records]


def test_a_scenario_that_holds_passes_and_records_its_timeline(run_scenario):
    result = run_scenario("""
        scenario: Products for the storefront customer
        steps:
          - tharstern: GET products
            params: {customerCode: WEB001}
            expect: {status: 200, "$.Details.Items[0].Code": BC-STD}
        """)
    assert result.status == PASSED, failure_text(result)
    step = result.records[1]
    assert [e.purpose for e in step.exchanges] == ["token", "step"]
    assert [c["path"] for c in step.tharstern_calls] == ["/TharsternAPI/api/authentication/generateapitoken",
                                                         "/TharsternAPI/api/products"]
    assert result.records[0].exchanges[0].url.endswith("/_fake/reset")


def test_a_wrong_status_fails_the_step_and_skips_the_rest(run_scenario):
    result = run_scenario("""
        scenario: Wrong status
        steps:
          - tharstern: GET products
            auth: none
            expect: {status: 200}
          - tharstern: GET customers
        """)
    assert result.status == FAILED
    assert statuses(result) == [("setup", PASSED), ("step 1", FAILED), ("step 2", SKIPPED), ("collect", PASSED)]
    mismatch = result.failure.mismatches[0]
    assert (mismatch.where, mismatch.expected, mismatch.actual) == ("status", "200", 401)
    text = failure_text(result)
    assert "FAILED at step 1 (line 3): tharstern GET products" in text
    assert "expected: 200" in text and "actual:   401" in text
    assert "last calls" in text and "GET /TharsternAPI/api/products → 401" in text


def test_a_wrong_value_fails_with_expected_and_actual(run_scenario):
    result = run_scenario("""
        scenario: Wrong value
        steps:
          - tharstern: POST estrequest
            json: {ProductTypeID: 1, Quantity: 250, Customer: {Code: ACME01}}
            expect: {$.Details.Estimate.PriceExclShipping: 35.88}
        """)
    assert result.status == FAILED
    mismatch = result.failure.mismatches[0]
    assert (mismatch.where, mismatch.expected, mismatch.actual) == ("$.Details.Estimate.PriceExclShipping", "35.88", 32.29)


def test_a_wait_for_that_never_matches_times_out(run_scenario):
    result = run_scenario("""
        scenario: Waiting in vain
        steps:
          - wait_for:
              tharstern: GET jobs
              until: {$.Details.TotalItemCount: 1}
              timeout_s: 0.3
              interval_s: 0.05
        """)
    assert result.status == FAILED
    assert result.failure.message.startswith("timed out: after 0.3 s (")
    assert result.failure.mismatches[0].actual == 0  # every poll was answered, however slow the machine
    made = int(re.search(r"\((\d+) polls\)", result.failure.message).group(1))
    polls = [e for e in result.failure.exchanges if e.purpose == "poll"]
    assert len(polls) == min(made, 3)  # the first and the last two are kept
    assert made <= 3 or f"{made - 3} more polls not shown; {made} in all" in polls[0].error


def test_a_wait_for_stops_as_soon_as_the_answer_matches_and_saves(run_scenario):
    result = run_scenario("""
        scenario: Waiting with success
        steps:
          - wait_for:
              tharstern: GET customers
              params: {customerCode: ACME01}
              until: {$.Details.TotalItemCount: 1}
              save: {name: "$.Details.Items[0].Name"}
          - tharstern: GET customers
            params: {keyword: "{name}"}
            expect: {"$.Details.Items[0].Code": ACME01}
        """)
    assert result.status == PASSED, failure_text(result)
    assert len([e for e in result.records[1].exchanges if e.purpose == "poll"]) == 1


def test_a_journal_count_off_by_one_fails_and_lists_the_calls(run_scenario):
    result = run_scenario("""
        scenario: Counting calls
        steps:
          - tharstern: GET products
          - tharstern: GET products
          - expect_journal:
              tharstern: [{method: GET, path: products, count: 3}]
        """)
    assert result.status == FAILED
    mismatch = result.failure.mismatches[0]
    assert mismatch.expected == "exactly 3 such calls"
    assert str(mismatch.actual).startswith("2:") and str(mismatch.actual).count("GET /TharsternAPI/api/products") == 2


def test_journal_counts_start_with_the_steps_and_tell_harness_from_other_clients(run_scenario):
    result = run_scenario("""
        scenario: Journal filters
        given:
          tharstern:
            faults: [{kind: error, status: 502, path: customers, times: 1}]
        steps:
          - tharstern: GET customers
            expect: {status: 502}
          - tharstern: GET customers
          - expect_journal:
              tharstern:
                - {path: customers, count: 2, client: harness}
                - {path: customers, count: 0, client: connector}
                - {path: customers, fault: error, status: 502, count: 1}
                - {path: "authentication/*", count: 1}
                - {path: customers, query: {$any: true}, count: 2}
        """)
    assert result.status == PASSED, failure_text(result)


def test_finally_runs_after_a_failure_and_a_missing_variable_skips_it(run_scenario):
    result = run_scenario("""
        scenario: Finally
        steps:
          - tharstern: GET products
            auth: none
          - tharstern: GET customers
            save: {code: "$.Details.Items[0].Code"}
        finally:
          - tharstern: GET /_fake/state
            params: {summary: true}
          - tharstern: GET customers
            params: {customerCode: "{code}"}
        """)
    assert result.status == FAILED
    assert statuses(result)[-3:] == [("finally step 1", PASSED), ("finally step 2", SKIPPED), ("collect", PASSED)]
    assert "{code} has no value" in result.records[-2].message


def test_a_failing_finally_fails_a_scenario_whose_steps_passed(run_scenario):
    result = run_scenario("""
        scenario: Finally fails
        steps:
          - clock: {advance_s: 1}
        finally:
          - tharstern: GET /_fake/nothing-here
        """)
    assert result.status == FAILED and result.failure.label.startswith("finally step 1")


def test_a_rejected_given_is_an_error_that_quotes_the_fake(run_scenario):
    result = run_scenario("""
        scenario: Bad seed
        given:
          tharstern:
            products: [{Code: X, Type: NoSuchType}]
        steps:
          - tharstern: GET products
        """)
    assert result.status == ERROR
    assert result.failure.label == "setup" and "POST /_fake/seed failed: answered 400" in result.failure.message


def test_each_scenario_starts_from_a_reset(run_scenario):
    first = run_scenario("""
        scenario: Leaves things behind
        given:
          tharstern:
            faults: [{kind: error, status: 500, path: products}]
        steps:
          - tharstern: POST customers/create
            json: {Name: Leftover Ltd, ContactEmail: left@over.example}
          - clock: {advance_s: 7200}
        """)
    second = run_scenario("""
        scenario: Sees none of it
        steps:
          - tharstern: GET customers
            params: {keyword: left@over.example}
            expect: {$.Details.TotalItemCount: 0}
          - tharstern: GET products
          - tharstern: GET /_fake/clock
            expect: {$.offset_s: 0}
        """)
    assert first.status == PASSED, failure_text(first)
    assert second.status == PASSED, failure_text(second)


def test_a_scenario_that_needs_the_connector_says_why_it_cannot_run(harness_servers, write_scenario):
    from harness.run import LocalServers, ScenarioRunner
    from harness.scenario import load_file

    def broken(config):
        raise RuntimeError("database locked")

    scenario = load_file(write_scenario("scenario: Needs the connector\nsteps:\n  - connector: GET /customers/1\n"))
    with LocalServers(connector_factory=broken) as servers:
        result = ScenarioRunner(servers).run(scenario)
    assert result.status == ERROR
    assert "the connector could not be started: RuntimeError: database locked" in result.message
