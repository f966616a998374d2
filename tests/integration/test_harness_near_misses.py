"""A failed ``expect_journal`` or ``expect_deliveries`` shows the nearest candidates, each with the
field that differed (expected and actual) and its bodies whole, not "none"."""
from __future__ import annotations

from harness.run import FAILED

SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="


def test_a_journal_expectation_that_finds_nothing_names_the_nearest_call_and_the_field(run_scenario):
    result = run_scenario("""
        scenario: Near miss in the journal
        steps:
          - tharstern: POST customers/create
            json: {Name: "", Code: "X"}
            expect: {status: 400}
          - tharstern: GET products
          - expect_journal:
              tharstern: [{method: POST, path: customers/create, status: 200}]
        """)
    assert result.status == FAILED
    text = str(result.failure.mismatches[0].actual)
    assert text.startswith("none of the 3 calls since the steps began; the nearest 3 are:")
    first = text.splitlines()[1]
    assert "POST /TharsternAPI/api/customers/create → 400" in first
    assert "differs in status: expected 200, got 400" in text
    assert "request_body: " in text and '"Code": "X"' in text.replace('"Code":"X"', '"Code": "X"')
    # the nearest (one field off) comes before calls that differ in method and path as well
    assert text.index("customers/create") < text.index("GET /TharsternAPI/api/products")


def test_a_long_body_in_a_near_miss_is_shown_whole(run_scenario):
    long_name = "N" * 2000
    result = run_scenario(f"""
        scenario: Whole bodies
        steps:
          - tharstern: POST customers/create
            json: {{Name: "{long_name}", Code: ""}}
            expect: {{status: 400}}
          - expect_journal:
              tharstern: [{{path: customers/create, response_body: {{$regex: "never there"}}}}]
        """)
    text = str(result.failure.mismatches[0].actual)
    assert "differs in response_body: expected text matching /never there/" in text
    assert long_name in text


def test_a_delivery_expectation_names_the_nearest_delivery_and_the_field(run_scenario):
    result = run_scenario(f"""
        scenario: Near miss in the deliveries
        steps:
          - tharstern: POST webhooks/subscriptions
            json: {{Url: "http://127.0.0.1:9/nobody", Events: [JobStatusChanged], Secret: "{SECRET}"}}
          - tharstern: POST /_fake/webhooks/faults
            json: {{kind: delay, delay_s: 120}}
          - tharstern: POST orders/submit
            json:
              Orders: [{{UniqueSubmitOrderID: near-1, InvoiceCustomer: {{Code: WEB001}},
                        Items: [{{StockItemCode: PEN-BRAND, Quantity: 20, Ref1: near-line}}]}}]
          - tharstern: GET jobs
            params: {{ref1: near-line}}
            save: {{job_no: "$.Details.Items[0].JobNo"}}
          - tharstern: POST /_fake/jobs/{{job_no}}/status
            json: {{Status: OutOnProof}}
          - expect_deliveries:
              - {{event: JobStatusChanged, status: delivered}}
        """)
    assert result.status == FAILED
    text = str(result.failure.mismatches[0].actual)
    assert text.startswith("none of the 1 webhook deliveries; the nearest is:")
    assert "event=JobStatusChanged" in text.splitlines()[1]
    assert 'differs in status: expected "delivered", got "pending"' in text
    assert '"body": {' in text  # the delivery, whole, body included


def test_count_in_a_delivery_expectation_counts_jsonpath_matches(run_scenario):
    result = run_scenario(f"""
        scenario: Count in deliveries
        steps:
          - tharstern: POST webhooks/subscriptions
            json: {{Url: "http://127.0.0.1:9/nobody", Events: [JobStatusChanged], Secret: "{SECRET}"}}
          - tharstern: POST /_fake/webhooks/faults
            json: {{kind: delay, delay_s: 120}}
          - tharstern: POST orders/submit
            json:
              Orders: [{{UniqueSubmitOrderID: near-2, InvoiceCustomer: {{Code: WEB001}},
                        Items: [{{StockItemCode: PEN-BRAND, Quantity: 20, Ref1: count-line}}]}}]
          - tharstern: GET jobs
            params: {{ref1: count-line}}
            save: {{job_no: "$.Details.Items[0].JobNo"}}
          - tharstern: POST /_fake/jobs/{{job_no}}/status
            json: {{Status: OutOnProof}}
          - expect_deliveries:
              - {{event: JobStatusChanged, "$.body": {{$count: 1}}, count: 1}}
        """)
    from harness.explain import failure_text
    assert result.passed, failure_text(result)
