"""The merge rule on its edge cases."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.clean.merge import assign_incidents


def _reports(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """rows: (report_id, site_id, date, reported_by, source_url[, weapon])."""
    frame = pd.DataFrame(
        [(*row, "drone") if len(row) == 5 else row for row in rows],
        columns=["report_id", "site_id", "event_date", "reported_by", "source_url",
                 "weapon_category"])
    return frame.assign(event_date=pd.to_datetime(frame["event_date"]))


def _groups(frame: pd.DataFrame) -> list[list[str]]:
    ids = assign_incidents(frame)
    return sorted(sorted(frame.loc[ids == i, "report_id"]) for i in ids.unique())


def test_assign_incidents__two_attacks_on_one_base_on_one_day():
    frame = _reports(("a", "asad", "2023-11-01", "official", "u1"),
                     ("b", "asad", "2023-11-01", "official", "u1"))
    assert _groups(frame) == [["a"], ["b"]]


def test_assign_incidents__two_pages_same_day_merge():
    frame = _reports(("a", "asad", "2023-11-01", "claim", "u1"),
                     ("b", "asad", "2023-11-01", "media", "u2"),
                     ("c", "asad", "2023-11-01", "claim", "u3"))
    assert _groups(frame) == [["a", "b", "c"]]


def test_assign_incidents__claim_one_day_confirmation_the_next():
    frame = _reports(("a", "asad", "2023-11-01", "claim", "u1"),
                     ("b", "asad", "2023-11-02", "official", "u2"))
    assert _groups(frame) == [["a", "b"]]


def test_assign_incidents__claims_on_consecutive_days_stay_apart():
    frame = _reports(("a", "eilat", "2024-06-01", "claim", "u1"),
                     ("b", "eilat", "2024-06-02", "claim", "u2"))
    assert _groups(frame) == [["a"], ["b"]]


def test_assign_incidents__beyond_tolerance_stay_apart():
    frame = _reports(("a", "asad", "2023-11-01", "claim", "u1"),
                     ("b", "asad", "2023-11-03", "official", "u2"))
    assert _groups(frame) == [["a"], ["b"]]


def test_assign_incidents__different_sites_stay_apart():
    frame = _reports(("a", "asad", "2023-11-01", "claim", "u1"),
                     ("b", "harir", "2023-11-01", "claim", "u2"))
    assert _groups(frame) == [["a"], ["b"]]


@pytest.mark.parametrize(("first", "second", "merged"), [
    ("drone", "rocket", False), ("drone", "drone", True), ("drone", "unknown", True),
    ("rocket", "mixed", True), ("missile", "other", True),
], ids=["conflict", "same", "unknown", "mixed", "other"])
def test_assign_incidents__weapon_compatibility(first, second, merged):
    frame = _reports(("a", "asad", "2023-11-01", "claim", "u1", first),
                     ("b", "asad", "2023-11-01", "official", "u2", second))
    assert (len(_groups(frame)) == 1) is merged


def test_assign_incidents__one_page_two_attacks_and_a_second_page():
    frame = _reports(("a", "asad", "2023-11-01", "official", "u1"),
                     ("b", "asad", "2023-11-01", "official", "u1"),
                     ("c", "asad", "2023-11-01", "claim", "u2"))
    assert _groups(frame) == [["a", "c"], ["b"]]


def test_assign_incidents__ids_are_first_report_and_input_untouched():
    frame = _reports(("b", "asad", "2023-11-02", "official", "u2"),
                     ("a", "asad", "2023-11-01", "claim", "u1"))
    before = frame.copy()
    ids = assign_incidents(frame)
    assert ids.tolist() == ["I-a", "I-a"]
    pd.testing.assert_frame_equal(frame, before)


def _staged_groups(frame: pd.DataFrame, later: list[str]) -> list[list[str]]:
    ids = assign_incidents(frame, later=frame["report_id"].isin(later))
    return sorted(sorted(frame.loc[ids == i, "report_id"]) for i in ids.unique())


def test_assign_incidents__later_reports_join_without_changing_the_others():
    # Merged at once, the low-rated report of 31 Oct would open the attack and push the
    # confirmation of 2 Nov out of it; merged after the others, it only joins their attack.
    frame = _reports(("low", "asad", "2023-10-31", "media", "u0"),
                     ("a", "asad", "2023-11-01", "claim", "u1"),
                     ("b", "asad", "2023-11-02", "official", "u2"))
    assert _groups(frame) == [["a", "low"], ["b"]]
    assert _staged_groups(frame, ["low"]) == [["a", "b", "low"]]
    assert assign_incidents(frame, later=frame["report_id"].eq("low"))[0] == "I-a"


def test_assign_incidents__later_reports_alone_form_attacks_of_their_own():
    frame = _reports(("a", "asad", "2023-11-01", "claim", "u1"),
                     ("c", "asad", "2023-11-10", "claim", "u3"),
                     ("d", "asad", "2023-11-10", "media", "u4"),
                     ("e", "asad", "2023-11-11", "claim", "u5"))
    assert _staged_groups(frame, ["c", "d", "e"]) == [["a"], ["c", "d"], ["e"]]
