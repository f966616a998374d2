"""The webhook machinery's parts, without threads or HTTP: events, signing, policy, input checks."""
import base64
import json
import random
from datetime import datetime, timezone

import pytest
from standardwebhooks import Webhook

from fake_tharstern.backend.errors import ModelStateError
from fake_tharstern.backend.webhooks.events import EventFactory, new_secret, secret_problem, signature_headers
from fake_tharstern.backend.webhooks.delivery_faults import build_fault
from fake_tharstern.backend.webhooks.policy import WebhookPolicy, parse_retry_after
from fake_tharstern.backend.webhooks.subscriptions import parse_subscription
from tests.fixtures.webhooks import SECRET, verify_signature


def test_event_body_has_the_contract_fields_and_sequence_grows_per_subject():
    factory = EventFactory(42)
    first = factory.make("JobStatusChanged", "job:1", {"JobNo": "1"}, 1_700_000_000.5)
    second = factory.make("JobDespatched", "job:1", {"JobNo": "1"}, 1_700_000_001)
    other = factory.make("JobStatusChanged", "job:2", {"JobNo": "2"}, 1_700_000_002)
    body = json.loads(first.body)
    assert set(body) == {"EventId", "Event", "OccurredAt", "Sequence", "Data"}
    assert body["OccurredAt"] == "2023-11-14T22:13:20.500Z"
    assert (first.sequence, second.sequence, other.sequence) == (1, 2, 1)
    assert first.event_id.startswith("evt_") and first.event_id != second.event_id
    assert factory.sequence_of("job:1") == 2 and factory.sequence_of("job:3") == 0


def test_event_ids_repeat_for_the_same_seed():
    ids = [EventFactory(7).make("StockItemChanged", "stockitem:1", {}, 0).event_id for _ in range(2)]
    assert ids[0] == ids[1]
    assert EventFactory(8).make("StockItemChanged", "stockitem:1", {}, 0).event_id != ids[0]


def test_signature_verifies_with_an_independent_hmac_and_with_the_reference_library():
    event = EventFactory(1).make("JobStatusChanged", "job:1", {"JobNo": "1", "Note": "naïve"}, 1_700_000_000)
    now = datetime.now(timezone.utc).timestamp()
    headers = signature_headers(SECRET, event.event_id, now, event.body)
    assert headers["webhook-id"] == event.event_id
    assert headers["webhook-timestamp"] == str(int(now))
    assert verify_signature(SECRET, headers, event.body)
    assert not verify_signature(SECRET, headers, event.body + b" ")
    other = "whsec_" + base64.b64encode(b"another secret of 24 bytes!").decode()
    assert not verify_signature(other, headers, event.body)
    assert Webhook(SECRET).verify(event.body, headers)["EventId"] == event.event_id


def test_secrets_must_be_in_whsec_form_of_24_to_64_bytes():
    assert secret_problem(SECRET) is None
    assert secret_problem(new_secret(random.Random(1))) is None
    assert "whsec_" in secret_problem("plain-password")
    assert "base64" in secret_problem("whsec_not*base64")
    assert "between 24 and 64" in secret_problem("whsec_" + base64.b64encode(b"short").decode())


def test_subscription_input_is_validated_field_by_field():
    rng = random.Random(1)
    good = parse_subscription({"url": "http://127.0.0.1:9/hook", "events": ["jobdespatched", "JobDespatched"]}, rng)
    assert good["Events"] == ["JobDespatched"] and good["Secret"].startswith("whsec_")
    with pytest.raises(ModelStateError) as bad:
        parse_subscription({"Url": "ftp://example.com/x", "Events": ["JobStatusChanged", "OrderShipped", 3],
                            "Secret": "hunter2", "Extra": 1}, rng)
    assert set(bad.value.errors) == {"subscription.Url", "subscription.Events[1]", "subscription.Events[2]",
                                     "subscription.Secret", "subscription.Extra"}
    for url, message in [("/relative", "absolute"), ("http://", "host"), ("http://u:p@h/x", "user name"),
                         ("http://h/x#frag", "fragment"), ("http://h:99999/", "not a valid URL"),
                         ("http://h:0/", "port 0")]:
        with pytest.raises(ModelStateError) as refused:
            parse_subscription({"Url": url, "Events": ["JobDespatched"]}, rng)
        assert message in refused.value.errors["subscription.Url"][0], url
    for events in (None, [], "JobDespatched"):
        with pytest.raises(ModelStateError) as refused:
            parse_subscription({"Url": "http://h/", "Events": events}, rng)
        assert "subscription.Events" in refused.value.errors
    with pytest.raises(ModelStateError):
        parse_subscription(None, rng)


def test_backoff_grows_exponentially_with_bounded_jitter_up_to_the_cap():
    policy = WebhookPolicy(backoff_base_s=2, backoff_cap_s=60)
    rng = random.Random(3)
    for failures, ceiling in [(1, 2), (2, 4), (3, 8), (5, 32), (6, 60), (50, 60)]:
        waits = [policy.backoff(failures, rng) for _ in range(200)]
        assert all(ceiling / 2 <= w <= ceiling for w in waits), failures
        assert len(set(waits)) > 150  # jittered, not fixed
    assert [policy.backoff(3, random.Random(9)) for _ in range(2)] == [policy.backoff(3, random.Random(9))] * 2


def test_retry_after_wins_over_backoff_within_its_ceiling():
    policy = WebhookPolicy(backoff_base_s=2, retry_after_max_s=600, schedule_s=())
    rng = random.Random(1)
    assert policy.next_wait(1, 120.0, rng) == 120.0
    assert policy.next_wait(1, 10_000.0, rng) == 600.0
    assert 1 <= policy.next_wait(1, None, rng) <= 2


def test_the_default_schedule_is_standard_webhooks_and_a_schedule_can_be_configured():
    policy = WebhookPolicy()
    rng = random.Random(1)
    assert [policy.next_wait(n, None, rng) for n in range(1, 8)] == [5, 300, 1800, 7200, 18000, 36000, 36000]
    assert policy.max_attempts == 8  # the first attempt and the seven retries of the schedule
    assert policy.next_wait(1, 42.0, rng) == 42.0  # Retry-After still wins
    assert WebhookPolicy().changed({"schedule_s": "1, 2,3"}).schedule_s == (1.0, 2.0, 3.0)
    short = WebhookPolicy().changed({"schedule_s": [1, 2]})
    assert [short.next_wait(n, None, rng) for n in (1, 2, 3, 7)] == [1, 2, 2, 2]  # the last wait repeats
    assert WebhookPolicy().changed({"backoff_base_s": 3}).schedule_s == ()  # a backoff alone chooses backoff
    with pytest.raises(ModelStateError) as refused:
        WebhookPolicy().changed({"schedule_s": [5, -1]})
    assert "schedule_s" in refused.value.errors
    from fake_tharstern.app import create_app

    app = create_app({"WEBHOOK_SCHEDULE": "10,20"})
    assert app.extensions["fake_tharstern"].webhook_policy()["schedule_s"] == [10.0, 20.0]
    with pytest.raises(ValueError, match="WEBHOOK_SCHEDULE"):
        create_app({"WEBHOOK_SCHEDULE": "soon"})


def test_retry_after_reads_seconds_and_http_dates():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("30") == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:01:30 GMT", now) == 90.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None and parse_retry_after("-5") is None


def test_policy_changes_are_validated():
    policy = WebhookPolicy()
    assert policy.changed({"max_attempts": 3}).max_attempts == 3
    with pytest.raises(ModelStateError) as bad:
        policy.changed({"max_attempts": 0, "timeout_s": "fast", "colour": 1})
    assert set(bad.value.errors) == {"max_attempts", "timeout_s", "colour"}
    with pytest.raises(ModelStateError) as inverted:
        policy.changed({"backoff_base_s": 100, "backoff_cap_s": 10})
    assert "backoff_cap_s" in inverted.value.errors
    with pytest.raises(ModelStateError):
        policy.changed({})


def test_fault_specs_are_validated_per_kind():
    assert build_fault(1, {"kind": "fail", "times": 2}).status == 503
    assert build_fault(1, {"kind": "reorder"}).count == 2
    with pytest.raises(ModelStateError) as unknown_kind:
        build_fault(1, {"kind": "explode"})
    assert "kind" in unknown_kind.value.errors
    with pytest.raises(ModelStateError) as wrong_param:
        build_fault(1, {"kind": "duplicate", "delay_s": 3, "event": "Nope", "times": 0})
    assert set(wrong_param.value.errors) == {"delay_s", "event", "times"}
    with pytest.raises(ModelStateError) as no_delay:
        build_fault(1, {"kind": "delay"})
    assert "delay_s" in no_delay.value.errors
    with pytest.raises(ModelStateError) as both:
        build_fault(1, {"kind": "fail", "error": "timeout", "status": 500, "retry_after_s": 3})
    assert set(both.value.errors) == {"status", "retry_after_s"}
    with pytest.raises(ModelStateError):
        build_fault(1, {"kind": "reorder", "count": 1})
    with pytest.raises(ModelStateError):
        build_fault(1, ["kind", "fail"])


def test_webhook_config_keys_become_the_policy_and_bad_ones_stop_the_app():
    from fake_tharstern.app import create_app
    app = create_app({"WEBHOOK_MAX_ATTEMPTS": 3, "WEBHOOK_BACKOFF_BASE_S": 0.5, "WEBHOOK_LOG_SIZE": 10})
    backend = app.extensions["fake_tharstern"]
    assert backend.webhooks.policy.max_attempts == 3 and backend.webhooks.policy.backoff_base_s == 0.5
    assert backend.webhooks.deliveries.size == 10
    with pytest.raises(ValueError, match="WEBHOOK_TIMEOUT_S"):
        create_app({"WEBHOOK_TIMEOUT_S": 0})


def test_delivery_log_keeps_unfinished_ones_and_trims_old_finished_ones():
    from fake_tharstern.backend.webhooks.deliveries import Delivery, DeliveryLog
    log = DeliveryLog(size=10)
    event = EventFactory(1).make("StockItemChanged", "stockitem:1", {}, 0)
    waiting = log.add(Delivery(log.new_id(), event, 1, "http://h/", 0, 50))
    for n in range(30):
        done = log.add(Delivery(log.new_id(), event, 1, "http://h/", n, n, status="delivered"))
        log.finished(done)
    assert len(list(log.all())) <= 11 and log.get(waiting.id) is waiting
    assert log.get(2) is None and log.get(31) is not None  # the oldest finished ones left first


def test_next_due_follows_reschedules_and_ignores_stale_entries():
    from fake_tharstern.backend.webhooks.deliveries import Delivery, DeliveryLog
    log = DeliveryLog()
    event = EventFactory(1).make("StockItemChanged", "stockitem:1", {}, 0)
    first = log.add(Delivery(log.new_id(), event, 1, "http://h/", 0, 10))
    second = log.add(Delivery(log.new_id(), event, 1, "http://h/", 0, 20))
    assert log.next_due(5) is None and log.next_due(10) is first and log.next_due_at() == 10
    first.next_attempt_at = 30  # a retry moved it later
    log.schedule(first)
    assert log.next_due(25) is second
    second.status = "delivered"
    assert log.next_due(25) is None and log.next_due(30) is first
    first.status = "dead"
    assert log.next_due_at() is None


def test_a_delay_fault_without_delay_s_says_so():
    from fake_tharstern.backend.errors import ModelStateError
    from fake_tharstern.backend.webhooks.delivery_faults import build_fault

    with pytest.raises(ModelStateError) as error:
        build_fault(1, {"kind": "delay"})
    assert error.value.errors == {"delay_s": ["a delay fault needs delay_s (seconds of the fake's clock)"]}
