"""Practice state: grades, FSRS scheduling with a fixed clock, the mastery meter, the streak,
and practice.json (round trip, damage, a newer format, atomic writes, two windows)."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta, timezone

import pytest
from fsrs import Rating, State

from convtutor.state import files, mastery
from convtutor.state.mastery import Practice, PracticeStore

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)  # a Monday morning
DAY = timedelta(days=1)


def answer(practice, skill="output_size", *, right=True, hinted=False, seconds=60.0, at=T0, session=None):
    return mastery.record_answer(practice, skill, right=right, hinted=hinted, seconds=seconds, now=at, session=session)


# -- grades ---------------------------------------------------------------------------------------------
def test_grades():
    assert mastery.grade(right=False) == Rating.Again
    assert mastery.grade(right=False, hinted=True, seconds=1) == Rating.Again
    assert mastery.grade(right=True, hinted=True, seconds=1) == Rating.Hard
    assert mastery.grade(right=True, seconds=mastery.QUICK_ANSWER_SECONDS + 0.1) == Rating.Good
    assert mastery.grade(right=True) == Rating.Good  # time unknown
    assert mastery.grade(right=True, seconds=mastery.QUICK_ANSWER_SECONDS) == Rating.Easy
    assert mastery.grade(right=True, seconds=-5) == Rating.Good  # a clock that went back is not quick


# -- scheduling ----------------------------------------------------------------------------------------
def test_no_fuzzing_so_the_schedule_is_the_same_every_time():
    assert mastery.SCHEDULER.enable_fuzzing is False
    cards = []
    for _ in range(2):
        practice = Practice()
        at = T0
        for rating in (Rating.Good, Rating.Good, Rating.Good, Rating.Hard, Rating.Easy):
            mastery.review(practice, "output_size", rating, at)
            at = practice.skills["output_size"].card.due
        cards.append(practice.skills["output_size"].card)
    assert cards[0] == cards[1]
    assert cards[0].state == int(State.Review)


def test_due_skills_come_back():
    practice = Practice()
    answer(practice)  # Good: a learning step of 10 minutes
    assert not mastery.is_due(practice, "output_size", T0 + timedelta(minutes=5))
    assert mastery.is_due(practice, "output_size", T0 + timedelta(minutes=11))
    answer(practice, at=T0 + timedelta(minutes=11))  # Good again: into review, days away
    card = practice.skills["output_size"].card
    assert card.state == int(State.Review) and card.due >= T0 + DAY
    assert not mastery.is_due(practice, "output_size", T0 + timedelta(hours=2))
    assert mastery.due_skills(practice, ["output_size", "param_count"], card.due) == ["output_size"]


def test_a_skill_never_practised_is_new_not_due():
    practice = Practice()
    assert not mastery.is_due(practice, "output_size", T0)
    assert mastery.mastery_meter(practice, "output_size", T0) == 0.0


def test_order_due_then_new_then_the_rest():
    practice = Practice()
    answer(practice, "param_count", at=T0 - 10 * DAY, seconds=5)  # Easy: due days later, long ago
    answer(practice, "dilation", at=T0 - 20 * DAY, seconds=5)  # due even longer ago
    answer(practice, "windows", at=T0)  # just answered: not due
    order = mastery.order_skills(practice, ["output_size", "windows", "param_count", "dilation", "same_padding"], T0)
    assert order == ["dilation", "param_count", "output_size", "same_padding", "windows"]


def test_mastery_rises_with_right_answers_and_falls_with_wrong_ones():
    practice = Practice()
    meters = [mastery.mastery_meter(practice, "output_size", T0)]
    at = T0
    for _ in range(4):  # right each time it comes due
        answer(practice, at=at)
        meters.append(mastery.mastery_meter(practice, "output_size", at))
        at = practice.skills["output_size"].card.due
    assert meters == sorted(meters) and meters[0] == 0 < meters[1] < meters[-1] <= 1
    before = mastery.mastery_meter(practice, "output_size", at)
    answer(practice, right=False, at=at)
    assert mastery.mastery_meter(practice, "output_size", at) < before
    # a quick answer counts for more than a slow one, a hinted one for less
    quick, slow, hinted = Practice(), Practice(), Practice()
    answer(quick, seconds=3)
    answer(slow, seconds=300)
    answer(hinted, hinted=True)
    assert mastery.mastery_meter(quick, "output_size", T0) > mastery.mastery_meter(slow, "output_size", T0) > mastery.mastery_meter(hinted, "output_size", T0)


def test_mastery_fades_without_practice():
    practice = Practice()
    answer(practice)
    assert mastery.mastery_meter(practice, "output_size", T0 + 90 * DAY) < mastery.mastery_meter(practice, "output_size", T0)


def test_a_clock_that_goes_back_does_not_break_the_card():
    practice = Practice()
    answer(practice, at=T0)
    answer(practice, at=T0 - timedelta(hours=3))
    assert practice.skills["output_size"].card.last_review == T0


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone"):
        answer(Practice(), at=datetime(2025, 1, 1))


# -- the streak ------------------------------------------------------------------------------------
def test_streak_across_days_with_a_missed_day():
    practice = Practice()
    for day in range(3):  # Monday to Wednesday, twice a day
        answer(practice, at=T0 + day * DAY)
        answer(practice, at=T0 + day * DAY + timedelta(hours=5))
    assert mastery.streak_days(practice, T0 + 2 * DAY) == 3
    assert mastery.streak_days(practice, T0 + 3 * DAY) == 3  # Thursday morning: still alive until Thursday ends
    assert mastery.streak_days(practice, T0 + 4 * DAY) == 0  # Thursday missed
    answer(practice, at=T0 + 4 * DAY)
    assert mastery.streak_days(practice, T0 + 4 * DAY) == 1
    assert practice.streak.best == 3
    answer(practice, at=T0 + 5 * DAY)
    assert (mastery.streak_days(practice, T0 + 5 * DAY), practice.streak.best) == (2, 3)


def test_the_streaks_day_is_the_clocks_own():
    practice = Practice()
    evening = timezone(timedelta(hours=-5))
    answer(practice, at=datetime(2025, 3, 3, 22, 0, tzinfo=evening))  # Monday evening there, Tuesday in UTC
    assert practice.streak.last_day == date(2025, 3, 3)
    answer(practice, at=datetime(2025, 3, 4, 20, 0, tzinfo=evening))
    assert mastery.streak_days(practice, datetime(2025, 3, 4, 21, 0, tzinfo=evening)) == 2


def test_no_streak_before_any_answer():
    assert mastery.streak_days(Practice(), T0) == 0


# -- counts and history --------------------------------------------------------------------------------
def test_answers_mistakes_and_sessions_are_counted():
    practice = Practice()
    session = mastery.start_session(practice, T0)
    answer(practice, session=session)
    answer(practice, right=False, session=session)
    answer(practice, hinted=True, session=session)
    answer(practice, "param_count", session=session)
    record = practice.skills["output_size"]
    assert (record.answered, record.first_try) == (3, 1)
    assert (session.answered, session.first_try) == (4, 2)
    assert session.skills["output_size"] == mastery.Tally(3, 1)
    mastery.count_mistakes(practice, "output_size", ("forgot_plus_one", "answer"))
    mastery.count_mistakes(practice, "output_size", ("forgot_plus_one",))
    assert record.mistakes == {"forgot_plus_one": 2}


def test_the_history_is_bounded_and_sessions_are_told_apart():
    practice = Practice()
    first = mastery.start_session(practice, T0)
    second = mastery.start_session(practice, T0)
    assert first.started != second.started
    for n in range(mastery.MAX_SESSIONS + 5):
        mastery.start_session(practice, T0 + n * DAY)
    assert len(practice.sessions) == mastery.MAX_SESSIONS
    assert practice.sessions[-1].started == T0 + (mastery.MAX_SESSIONS + 4) * DAY


# -- the file -------------------------------------------------------------------------------------------
def filled() -> Practice:
    practice = Practice()
    session = mastery.start_session(practice, T0)
    answer(practice, session=session)
    answer(practice, "receptive_field", right=False, session=session)
    mastery.count_mistakes(practice, "receptive_field", ("ignored_stride",))
    answer(practice, "dilation", seconds=2, at=T0 + DAY)
    return practice


def test_the_file_is_beside_the_progress(_isolated_user_data):
    assert mastery.practice_file() == _isolated_user_data / "practice.json"
    assert PracticeStore().path == mastery.practice_file()


def test_round_trip(tmp_path):
    path = tmp_path / "practice.json"
    store = PracticeStore(path)
    store.load()
    store.practice = filled()
    assert store.save()
    again = PracticeStore(path)
    assert again.load() == store.practice
    assert again.warnings == []
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == mastery.FORMAT
    assert set(data) == {"format", "skills", "streak", "sessions"}
    card = data["skills"]["output_size"]["card"]
    assert set(card) == {"state", "step", "stability", "difficulty", "due", "last_review"}
    assert data["skills"]["receptive_field"]["mistakes"] == {"ignored_stride": 1}
    assert data["streak"] == {"last_day": "2025-03-04", "days": 2, "best": 2}
    assert data["sessions"][0]["skills"] == {"output_size": [1, 1], "receptive_field": [1, 0]}


def test_a_missing_file_is_a_fresh_start(tmp_path):
    store = PracticeStore(tmp_path / "practice.json")
    assert store.load() == Practice() and store.warnings == [] and store.persistent


def test_a_file_without_a_version_is_migrated(tmp_path):
    path = tmp_path / "practice.json"
    data = mastery.to_json(filled())
    del data["format"]
    path.write_text(json.dumps(data), encoding="utf-8")
    store = PracticeStore(path)
    assert store.load() == filled() and store.warnings == []


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"skills": {"a": 3}}', b'{"format": "x", "skills": {}}'])
def test_a_damaged_file_is_kept_as_a_copy_and_a_fresh_state_used(tmp_path, content):
    path = tmp_path / "practice.json"
    path.write_bytes(content)
    store = PracticeStore(path)
    assert store.load() == Practice()
    copies = list(tmp_path.glob("practice.json.damaged-*"))
    assert len(copies) == 1 and copies[0].read_bytes() == content
    assert "A copy of it was kept as" in store.warnings[0]
    store.practice = filled()
    assert store.save()
    assert PracticeStore(path).load() == filled()
    assert len(list(tmp_path.glob("practice.json.damaged-*"))) == 1  # copied once, not again on save


def test_a_partly_damaged_file_keeps_what_can_be_read(tmp_path):
    path = tmp_path / "practice.json"
    data = mastery.to_json(filled())
    data["skills"]["dilation"]["card"]["stability"] = "lots"
    data["skills"]["bad"] = {"card": {"state": 2, "step": None, "due": T0.isoformat()}}  # in review without stability
    data["sessions"].append({"started": "yesterday"})
    path.write_text(json.dumps(data), encoding="utf-8")
    store = PracticeStore(path)
    loaded = store.load()
    assert set(loaded.skills) == {"output_size", "receptive_field"}
    assert loaded.skills["output_size"] == filled().skills["output_size"]
    assert len(loaded.sessions) == 1
    assert "skill 'dilation'" in store.warnings[0] and "the rest was recovered" in store.warnings[0]
    assert len(list(tmp_path.glob("practice.json.damaged-*"))) == 1


def test_a_newer_format_is_left_untouched(tmp_path):
    path = tmp_path / "practice.json"
    content = json.dumps({"format": mastery.FORMAT + 1, "skills": {"future": {"whatever": True}}}).encode()
    path.write_bytes(content)
    store = PracticeStore(path)
    assert store.load() == Practice()
    assert not store.persistent and "newer convtutor" in store.warnings[0]
    store.practice = filled()
    assert store.save() is False
    assert path.read_bytes() == content
    assert not list(tmp_path.glob("practice.json.damaged-*"))


def test_an_empty_file_starts_afresh(tmp_path):
    path = tmp_path / "practice.json"
    path.write_bytes(b"")
    store = PracticeStore(path)
    assert store.load() == Practice() and "empty" in store.warnings[0]
    assert store.save()


def test_a_folder_in_the_way_means_this_session_only(tmp_path):
    path = tmp_path / "practice.json"
    path.mkdir()
    store = PracticeStore(path)
    assert store.load() == Practice()
    assert not store.persistent and "this session only" in store.warnings[0]
    assert store.save() is False and path.is_dir()


def test_written_atomically(tmp_path, monkeypatch):
    path = tmp_path / "practice.json"
    store = PracticeStore(path)
    store.load()
    store.practice = filled()
    assert store.save()
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    answer(store.practice, "param_count")
    assert store.save() is False
    assert path.read_bytes() == before  # the old file, whole
    assert files.temporaries(path) == []  # and no half-written temporary left
    assert "this session only" in store.warnings[-1]


def test_stale_temporaries_are_tidied(tmp_path):
    path = tmp_path / "practice.json"
    stale = tmp_path / ".practice.json-abc.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (0, 0))
    PracticeStore(path).load()
    assert not stale.exists()


def test_two_windows_lose_neither_ones_practice(tmp_path):
    path = tmp_path / "practice.json"
    first, second = PracticeStore(path), PracticeStore(path)
    first.load()
    second.load()
    answer(first.practice, "output_size", session=mastery.start_session(first.practice, T0))
    mastery.count_mistakes(first.practice, "output_size", ("no_floor",))
    assert first.save()
    answer(second.practice, "param_count", at=T0 + DAY, session=mastery.start_session(second.practice, T0 + DAY))
    assert second.save()
    merged = PracticeStore(path).load()
    assert set(merged.skills) == {"output_size", "param_count"}
    assert merged.skills["output_size"].mistakes == {"no_floor": 1}
    assert len(merged.sessions) == 2
    assert merged.streak.last_day == (T0 + DAY).date() and merged.streak.days == 2  # Monday in one, Tuesday in the other


@pytest.mark.parametrize(("ours", "theirs", "merged"), [
    ((None, 0), (date(2025, 3, 5), 2), (date(2025, 3, 5), 2)),
    ((date(2025, 3, 5), 2), (None, 0), (date(2025, 3, 5), 2)),
    ((date(2025, 3, 5), 3), (date(2025, 3, 6), 1), (date(2025, 3, 6), 4)),  # they meet
    ((date(2025, 3, 6), 1), (date(2025, 3, 5), 3), (date(2025, 3, 6), 4)),
    ((date(2025, 3, 5), 3), (date(2025, 3, 5), 1), (date(2025, 3, 5), 3)),  # they overlap
    ((date(2025, 3, 1), 2), (date(2025, 3, 5), 1), (date(2025, 3, 5), 1)),  # a day missed between them
])
def test_merged_streaks(ours, theirs, merged):
    a, b = Practice(), Practice()
    a.streak = mastery.Streak(ours[0], ours[1], ours[1])
    b.streak = mastery.Streak(theirs[0], theirs[1], theirs[1])
    mastery.merge(a, b)
    assert (a.streak.last_day, a.streak.days) == merged
    assert a.streak.best == max(ours[1], theirs[1], merged[1])


def test_merge_keeps_the_latest_card_and_the_larger_counts():
    ours, theirs = Practice(), Practice()
    answer(ours, at=T0)
    answer(theirs, at=T0 + DAY, right=False)
    theirs.skills["output_size"].mistakes["no_floor"] = 3
    ours.skills["output_size"].mistakes["no_floor"] = 1
    mastery.merge(ours, theirs)
    assert ours.skills["output_size"].card == theirs.skills["output_size"].card
    assert ours.skills["output_size"].mistakes == {"no_floor": 3}
    assert ours.streak.last_day == (T0 + DAY).date()
