"""Job status changes and automatic progression in the backend, without HTTP."""
import pytest

from fake_tharstern.backend import FakeTharstern
from fake_tharstern.backend.errors import Conflict, ModelStateError, NotFound
from tests.fixtures.webhooks import place_order


@pytest.fixture
def fake():
    backend = FakeTharstern()
    yield backend
    backend.close()


def job(fake, job_no):
    return fake.list_jobs(job_nos=[job_no])["Items"][0]


def history(fake, job_no):
    return [h["Status"]["Name"] for h in job(fake, job_no)["StatusHistory"]]


def test_new_jobs_start_entered_with_a_history_and_no_deliveries(fake):
    [job_no] = place_order(fake, 10)
    entered = job(fake, job_no)
    assert entered["Status"] == {"Value": 1, "Name": "Entered"}
    assert entered["Deliveries"] == [] and entered["QuantityDelivered"] == 0
    assert [(h["Status"]["Name"], h["Source"]) for h in entered["StatusHistory"]] == [("Entered", "order")]
    assert entered["CompletedDate"] is None and entered["CancelledDate"] is None


def test_despatch_walks_every_step_and_records_the_delivery(fake):
    [job_no] = place_order(fake, 10)
    moved = fake.change_job_status(job_no, {"Status": "Despatched", "TrackingNumber": "1Z999", "Courier": "UPS"})
    assert moved["Status"] == {"Value": 5, "Name": "Despatched"}
    assert history(fake, job_no) == ["Entered", "OutOnProof", "InProduction", "FinishedProduction", "Despatched"]
    [delivery] = moved["Deliveries"]
    assert delivery["TrackingNumber"] == "1Z999" and delivery["Courier"] == "UPS"
    assert delivery["DeliveryNoteID"] > 0 and delivery["DespatchedDate"]
    assert moved["FinishedProductionDate"] is not None
    assert moved["StatusHistory"][-1]["TrackingNumber"] == "1Z999"
    assert job(fake, job_no) == moved


def test_despatch_without_tracking_number_is_a_clear_400_and_changes_nothing(fake):
    [job_no] = place_order(fake, 10)
    with pytest.raises(ModelStateError) as refused:
        fake.change_job_status(job_no, {"Status": "Despatched"})
    assert "TrackingNumber" in refused.value.errors
    assert history(fake, job_no) == ["Entered"]


def test_tracking_number_on_a_move_that_is_not_a_despatch_is_refused(fake):
    [job_no] = place_order(fake, 10)
    with pytest.raises(ModelStateError) as refused:
        fake.change_job_status(job_no, {"Status": "OutOnProof", "TrackingNumber": "1Z"})
    assert "only applies when the job reaches Despatched" in refused.value.errors["TrackingNumber"][0]


def test_illegal_moves_are_refused_with_a_reason(fake):
    [job_no] = place_order(fake, 10)
    fake.change_job_status(job_no, {"Status": "Despatched", "TrackingNumber": "T1"})
    with pytest.raises(Conflict, match="before it is Despatched"):
        fake.change_job_status(job_no, {"Status": "Cancelled"})
    with pytest.raises(Conflict, match="backwards"):
        fake.change_job_status(job_no, {"Status": "InProduction"})
    with pytest.raises(Conflict, match="already Despatched"):
        fake.change_job_status(job_no, {"Status": "Despatched", "TrackingNumber": "T2"})
    fake.change_job_status(job_no, {"Status": "Completed"})
    done = job(fake, job_no)
    assert done["QuantityDelivered"] == 10 and done["CompletedDate"] is not None
    with pytest.raises(Conflict, match="final"):
        fake.change_job_status(job_no, {"Status": "Delivered"})


def test_walk_off_accepts_only_a_single_legal_move(fake):
    [job_no] = place_order(fake, 10)
    with pytest.raises(Conflict, match="skipped"):
        fake.change_job_status(job_no, {"Status": "InProduction", "Walk": False})
    fake.change_job_status(job_no, {"Status": "OutOnProof", "Walk": False})
    assert history(fake, job_no) == ["Entered", "OutOnProof"]


def test_hold_returns_to_where_it_was_and_cancel_stamps_the_date(fake):
    first, second = place_order(fake, 10, 20)
    fake.change_job_status(first, {"Status": "InProduction"})
    fake.change_job_status(first, {"Status": "OnHold"})
    with pytest.raises(Conflict, match="held from"):
        fake.change_job_status(first, {"Status": "Entered"})
    fake.change_job_status(first, {"Status": "FinishedProduction"})
    assert history(fake, first)[-3:] == ["OnHold", "InProduction", "FinishedProduction"]
    fake.change_job_status(second, {"Status": "OnHold"})
    cancelled = fake.change_job_status(second, {"Status": "Cancelled"})
    assert cancelled["CancelledDate"] is not None


def test_status_change_input_is_validated(fake):
    [job_no] = place_order(fake, 10)
    with pytest.raises(ModelStateError) as missing:
        fake.change_job_status(job_no, {})
    assert "Status" in missing.value.errors
    with pytest.raises(ModelStateError) as unknown:
        fake.change_job_status(job_no, {"Status": "Shipped", "Colour": "red"})
    assert set(unknown.value.errors) == {"Status", "Colour"}
    with pytest.raises(ModelStateError):
        fake.change_job_status(job_no, ["Despatched"])
    with pytest.raises(NotFound):
        fake.change_job_status("999999", {"Status": "OutOnProof"})
    fake.change_job_status(job_no, {"status": 2})  # numbers and any letter case, as the API reads enums
    assert history(fake, job_no) == ["Entered", "OutOnProof"]


def test_transitions_are_counted_in_coverage(fake):
    [job_no] = place_order(fake, 10)
    fake.change_job_status(job_no, {"Status": "InProduction"})
    report = fake.coverage.report(fake.coverage_catalog())["transitions"]
    assert report["hit"] == {"Entered->OutOnProof": 1, "OutOnProof->InProduction": 1}
    assert "FinishedProduction->Despatched" in report["missed"]
    assert report["total"] == len(fake.coverage_catalog()["transitions"])


def test_immediate_plan_walks_at_once_with_a_generated_tracking_number(fake):
    [job_no] = place_order(fake, 10)
    answer = fake.set_job_auto(job_no, {"to": "Delivered"})
    assert answer["auto"] is None and answer["job"]["Status"]["Name"] == "Delivered"
    [delivery] = answer["job"]["Deliveries"]
    assert delivery["TrackingNumber"] == f"FAKE{job_no}-1" and delivery["Courier"] == "Fake Courier"
    assert {h["Source"] for h in answer["job"]["StatusHistory"][1:]} == {"auto"}


def test_timed_plan_steps_on_the_fake_clock(fake):
    [job_no] = place_order(fake, 10)
    fake.set_job_auto(job_no, {"to": "FinishedProduction", "after_s": 60})
    fake.advance_clock(59)
    assert history(fake, job_no) == ["Entered"]
    fake.advance_clock(1)
    assert history(fake, job_no) == ["Entered", "OutOnProof"]
    fake.advance_clock(600)  # the remaining steps fall due at once, each stamped when it fell due
    entries = job(fake, job_no)["StatusHistory"]
    assert [h["Status"]["Name"] for h in entries] == ["Entered", "OutOnProof", "InProduction", "FinishedProduction"]
    assert len({h["ChangedDateTime"] for h in entries}) == 4
    assert fake.job_lifecycle(job_no)["Auto"] is None


def test_read_plan_steps_every_nth_read_and_the_read_shows_it(fake):
    [job_no] = place_order(fake, 10)
    fake.set_job_auto(job_no, {"to": "InProduction", "after_reads": 2})
    assert job(fake, job_no)["Status"]["Name"] == "Entered"
    assert job(fake, job_no)["Status"]["Name"] == "OutOnProof"
    assert job(fake, job_no)["Status"]["Name"] == "OutOnProof"
    assert job(fake, job_no)["Status"]["Name"] == "InProduction"
    assert job(fake, job_no)["Status"]["Name"] == "InProduction"
    assert fake.job_lifecycle(job_no)["Auto"] is None


def test_plan_is_dropped_when_a_manual_change_makes_its_target_unreachable(fake):
    [job_no] = place_order(fake, 10)
    fake.set_job_auto(job_no, {"to": "Despatched", "after_s": 10})
    assert fake.job_lifecycle(job_no)["Auto"]["mode"] == "time"
    fake.change_job_status(job_no, {"Status": "Cancelled"})
    fake.advance_clock(100)
    assert history(fake, job_no) == ["Entered", "Cancelled"]
    assert fake.job_lifecycle(job_no)["Auto"] is None


def test_plan_input_and_reachability_are_checked(fake):
    [job_no] = place_order(fake, 10)
    with pytest.raises(ModelStateError) as both:
        fake.set_job_auto(job_no, {"to": "Despatched", "after_s": 1, "after_reads": 2})
    assert "after_reads" in both.value.errors
    with pytest.raises(ModelStateError) as bad:
        fake.set_job_auto(job_no, {"to": "Nowhere", "after_s": -1})
    assert set(bad.value.errors) == {"to", "after_s"}
    fake.change_job_status(job_no, {"Status": "InProduction"})
    with pytest.raises(Conflict):
        fake.set_job_auto(job_no, {"to": "Entered"})


def test_default_plan_is_given_to_new_jobs_and_reset_clears_it(fake):
    fake.set_job_auto_default({"to": "InProduction", "after_reads": 1})
    [job_no] = place_order(fake, 10)
    assert job(fake, job_no)["Status"]["Name"] == "OutOnProof"
    fake.reset()
    assert fake.job_auto_default_view() is None
    [again] = place_order(fake, 10)
    assert job(fake, again)["Status"]["Name"] == "Entered"
    with pytest.raises(Conflict):
        fake.set_job_auto_default({"to": "Entered"})


def test_lifecycle_view_lists_next_and_reachable_states(fake):
    [job_no] = place_order(fake, 10)
    fake.change_job_status(job_no, {"Status": "OutOnProof"})
    fake.change_job_status(job_no, {"Status": "OnHold"})
    view = fake.job_lifecycle(job_no)
    assert view["HeldFrom"] == "OutOnProof"
    assert view["Next"] == ["OutOnProof", "Cancelled"]
    assert "Completed" in view["Reachable"] and "Entered" not in view["Reachable"]
    assert view["LastEventSequence"] == 2  # sequences count even with nobody subscribed
