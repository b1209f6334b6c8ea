"""A drill session without a terminal: problems, answers, hints, reveal, grading and
scheduling, slips counted, levels, due skills first, the summary and the home screen's lines."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Rating

from convtutor.learning import drills, practice
from convtutor.learning.practice import DrillSession
from convtutor.learning.quiz_session import REVEAL_AFTER
from convtutor.state import mastery
from convtutor.state.mastery import Practice, PracticeStore

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)


class Clock:
    """A clock the test moves on by hand."""

    def __init__(self, at: datetime = T0) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def wait(self, **delta: float) -> None:
        self.at += timedelta(**delta)


def typed(value) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, tuple) else str(value)


def right(session: DrillSession) -> str:
    """The right answer as a learner types it."""
    return session.posed.answer_text.split("  ")[0]


def slip(session: DrillSession) -> tuple[str, str]:
    """A named mistake of the problem on screen, and its wrong answer typed."""
    name, value = next(iter(session.posed.mistakes.items()))
    return name, typed(value)


def card_after(*ratings: Rating):
    """The card of a skill reviewed with these grades at T0 (what the session should have done)."""
    expected = Practice()
    for rating in ratings:
        mastery.review(expected, "s", rating, T0)
    return expected.skills["s"].card


def session(skill="output_size", seed=1, clock=None, state=None):
    return DrillSession(state if state is not None else Practice(), clock=clock or Clock(), seed=seed, skill=skill)


# -- one problem -----------------------------------------------------------------------------------------
def test_a_right_answer_is_graded_good_and_scheduled():
    clock = Clock()
    s = session(clock=clock)
    assert s.posed.tag == "output_shape" and s.problem.skill == "output_size"
    assert s.explanation() == [] and s.feedback.text == ""
    clock.wait(seconds=45)
    assert s.answer(right(s))
    assert s.feedback.tone == "correct" and s.solved_now and s.explanation()
    record = s.practice.skills["output_size"]
    assert (record.answered, record.first_try) == (1, 1)
    good = card_after(Rating.Good)
    assert (record.card.state, record.card.stability, record.card.difficulty) == (good.state, good.stability, good.difficulty)
    assert record.card.last_review == T0 + timedelta(seconds=45)
    assert not s.answer(right(s))  # solved: nothing more counts


@pytest.mark.parametrize(("seconds", "hint", "rating"), [
    (5, False, Rating.Easy), (mastery.QUICK_ANSWER_SECONDS + 1, False, Rating.Good), (5, True, Rating.Hard),
])
def test_the_grade_of_a_right_answer(seconds, hint, rating):
    clock = Clock()
    s = session(clock=clock)
    if hint:
        assert s.hint()
    clock.wait(seconds=seconds)
    s.answer(right(s))
    card = s.practice.skills["output_size"].card
    assert card.stability == card_after(rating).stability and card.difficulty == card_after(rating).difficulty


def test_a_wrong_answer_is_again_names_the_slip_and_counts_it():
    clock = Clock()
    s = session(clock=clock)
    name, wrong = slip(s)
    clock.wait(seconds=5)
    assert s.answer(wrong)
    assert s.feedback.tone == "wrong" and s.feedback.text.startswith("✗ ") and "(attempt 1)" in s.feedback.text
    kind_message = s.posed.kind.mistake(name).message
    assert kind_message in s.feedback.text or "more than one slip" in s.feedback.text
    assert s.practice.skills["output_size"].mistakes[name] == 1
    assert s.practice.skills["output_size"].card.stability == card_after(Rating.Again).stability
    clock.wait(seconds=5)
    assert not s.answer(wrong)  # the same answer again: said so, and not counted again
    assert s.feedback.text.startswith(f"Same answer as before: {wrong}. ") and s.feedback.text.endswith("(That did not count as an attempt.)")
    assert s.practice.skills["output_size"].mistakes[name] == 1 and s.wrong_now == 1 and not s.can_reveal
    s.answer(right(s))
    record = s.practice.skills["output_size"]
    assert (record.answered, record.first_try) == (1, 0)
    assert record.card.stability == card_after(Rating.Again).stability


def test_an_answer_that_cannot_be_read_costs_nothing():
    s = session()
    assert not s.answer("seven")
    assert "did not count" in s.feedback.text
    assert "output_size" not in s.practice.skills and s.record is None


def test_feedback_never_gives_the_answer_away():
    """Wrong answers (named slips and plain wrong ones) never show the answer in the feedback."""
    for skill_id in drills.SKILL_IDS:
        for seed in range(25):
            s = session(skill_id, seed)
            expected = s.posed.expected
            shown = [s.posed.answer_text.split("  ")[0]]
            if isinstance(expected, tuple):
                shown += ["x".join(map(str, expected)), ", ".join(map(str, expected))]
            wrongs = [typed(v) for v in s.posed.mistakes.values()] + ["987654"]
            for wrong in wrongs:
                s.answer(wrong)
                if s.feedback.tone == "wrong" and (isinstance(expected, tuple) or float(expected) >= 10):
                    assert not any(text in s.feedback.text for text in shown), (skill_id, seed, s.feedback.text)
                assert not s.solved_now
            assert s.explanation() == []


def test_hints_and_reveal_after_tries():
    s = session()
    assert s.can_hint and s.hints() == []
    while s.hint():
        pass
    assert len(s.hints()) == len(s.posed.hints) >= 1 and s.hints()[0].startswith("Hint 1: ")
    assert not s.reveal() and not s.can_reveal
    for n in range(REVEAL_AFTER):
        s.answer(f"98765{n}x98765{n}")  # a different wrong answer each time: the same one would not count
        assert ("see the answer" in s.feedback.text) == (n + 1 >= REVEAL_AFTER)
    assert s.can_reveal and s.reveal()
    assert s.feedback.text == f"The answer: {s.posed.answer_text}" and s.revealed and s.explanation()
    assert not s.answer(right(s)) and not s.can_hint and not s.reveal()
    assert s.practice.skills["output_size"].first_try == 0


def test_skipping_a_problem_records_nothing():
    s = session()
    first = s.problem
    s.next()
    assert s.problem is not first and s.practice.skills == {} and s.summary().answered == 0


def test_the_same_seed_gives_the_same_session():
    def run():
        clock = Clock()
        s = DrillSession(Practice(), clock=clock, seed=99)
        seen = []
        for n in range(8):
            seen.append(repr(s.posed.question))
            clock.wait(seconds=30)
            s.answer(right(s) if n % 3 else slip(s)[1] if s.posed.mistakes else "0")
            s.next()
        return seen, mastery.to_json(s.practice)

    assert run() == run()


def test_an_unknown_skill_is_refused():
    with pytest.raises(LookupError, match="the skills are"):
        DrillSession(Practice(), clock=Clock(), skill="juggling")


# -- choosing problems ---------------------------------------------------------------------------------------
def test_due_skills_come_first_then_new_ones():
    state = Practice()
    for skill_id in drills.SKILL_IDS:
        mastery.review(state, skill_id, Rating.Easy, T0 - timedelta(days=30))
    for skill_id in ("output_size", "windows", "dilation", "transposed_size", "pool_size"):  # practised lately: not due
        mastery.review(state, skill_id, Rating.Easy, T0)
    clock = Clock()
    s = DrillSession(state, clock=clock, seed=3)
    assert practice.due_count(state, T0) == 3
    assert "3 skills due" in s.header()
    asked = []
    for _ in range(3):
        asked.append(s.problem.skill)
        clock.wait(seconds=30)
        s.answer(right(s))
        s.next()
    assert sorted(asked) == ["param_count", "receptive_field", "same_padding"]
    assert practice.due_count(state, clock()) == 0


def test_new_skills_before_ones_not_yet_due_and_no_repeats():
    clock = Clock()
    s = DrillSession(Practice(), clock=clock, seed=5)
    asked = []
    for _ in range(len(drills.SKILL_IDS)):
        asked.append(s.problem.skill)
        clock.wait(seconds=30)
        s.answer(right(s))
        s.next()
    assert asked == list(drills.SKILL_IDS)
    for _ in range(10):  # nothing due, nothing new: still not the same skill twice in a row
        before = s.problem.skill
        clock.wait(seconds=30)
        s.answer(right(s))
        s.next()
        assert s.problem.skill != before


def test_a_chosen_skill_is_kept():
    clock = Clock()
    s = session("param_count", clock=clock)
    for _ in range(5):
        assert s.problem.skill == "param_count"
        clock.wait(seconds=30)
        s.answer(right(s))
        s.next()


def test_the_level_rises_with_a_run_and_falls_back_after_a_slip():
    clock = Clock()
    s = session("output_size", clock=clock)
    levels = []
    for _ in range(2 * drills.RUN_FOR_LEVEL):
        levels.append(s.problem.level)
        clock.wait(seconds=60)
        s.answer(right(s))
        s.next()
    assert levels[0] == 0 and levels[-1] > levels[0] and levels == sorted(levels)
    top = s.problem.level
    clock.wait(seconds=60)
    s.answer(slip(s)[1])
    s.next()
    assert s.problem.level < top


def test_problems_expose_the_learners_frequent_slip():
    def exposed(slips):
        state = Practice()
        mastery.review(state, "output_size", Rating.Easy, T0)  # level 1: a stride of 1 or 2
        state.skill("output_size").mistakes.update(slips)
        s = session("output_size", state=state)
        assert s.problem.level == 1
        count = 0
        for _ in range(20):
            count += "ignored_stride" in s.problem.exposes
            s.next()
        return count

    plain, aware = exposed({}), exposed({"ignored_stride": 5, "forgot_plus_one": 1})
    assert plain < aware and aware >= 18


# -- the summary and the home screen -------------------------------------------------------------------------
def test_the_summary():
    clock = Clock()
    s = DrillSession(Practice(), clock=clock, seed=8, skill="receptive_field")
    assert s.summary() == practice.Summary(0, 0, ()) and s.summary().lines() == ["No problems answered."]
    clock.wait(seconds=40)
    s.answer(right(s))
    s.next()
    clock.wait(seconds=40)
    s.answer(slip(s)[1])
    s.answer(right(s))
    s.next()
    summary = s.summary()
    assert (summary.answered, summary.first_try) == (2, 1)
    (change,) = summary.skills
    assert change.skill == "receptive_field" and change.before == 0.0 and 0 < change.after <= 1
    assert (change.answered, change.first_try) == (2, 1)
    lines = summary.lines()
    assert lines[0] == "Answered: 2 · right at the first try: 1"
    assert lines[1].startswith("Receptive field: 1 of 2 at the first try · mastery 0% → ")
    assert len(s.practice.sessions) == 1 and s.practice.sessions[0].answered == 2


def test_the_summary_shows_mastery_changes_per_skill():
    state = Practice()
    mastery.review(state, "param_count", Rating.Good, T0 - timedelta(days=3))
    clock = Clock()
    s = DrillSession(state, clock=clock, seed=2, skill="param_count")
    before = mastery.mastery_meter(state, "param_count", T0)
    clock.wait(seconds=30)
    s.answer(slip(s)[1])
    (change,) = s.summary().skills
    assert change.before == before and change.after < change.before


def test_common_slip_sentence():
    state = Practice()
    assert practice.common_slip(state) is None
    state.skill("output_size").mistakes["forgot_plus_one"] = 1
    assert practice.common_slip(state) is None  # once is not "often"
    state.skill("windows").mistakes["forgot_plus_one"] = 2
    state.skill("param_count").mistakes["forgot_bias"] = 2
    state.skill("retired_skill").mistakes["whatever"] = 50  # from another version: ignored
    assert practice.common_slip(state) == "Your most frequent slip: you counted moves, not positions (3 times)."


def test_overview_for_the_home_screen():
    state = Practice()
    mastery.review(state, "dilation", Rating.Easy, T0 - timedelta(days=40))
    rows = practice.overview(state, T0)
    assert [r.skill for r in rows] == list(drills.SKILL_IDS)
    dilation = rows[drills.SKILL_IDS.index("dilation")]
    assert dilation.due and not dilation.new and 0 < dilation.meter < 1
    assert all(r.new and r.meter == 0 and r.level == 0 for r in rows if r.skill != "dilation")
    assert practice.percent(0.456) == "46%"


def test_a_session_saved_and_loaded(tmp_path):
    store = PracticeStore(tmp_path / "practice.json")
    clock = Clock()
    s = DrillSession(store.load(), clock=clock, seed=4)
    for _ in range(4):
        clock.wait(seconds=30)
        s.answer(right(s))
        assert store.save()
        s.next()
    loaded = PracticeStore(tmp_path / "practice.json").load()
    assert loaded == s.practice and loaded.sessions[0].answered == 4
    assert mastery.streak_days(loaded, clock()) == 1


def test_local_now_is_aware():
    assert practice.local_now().tzinfo is not None


def loaded_by(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_home_screens_part_is_light():
    """Mastery bars and the due count on the first frame: no Textual, no question kinds, no YAML or NumPy."""
    loaded = loaded_by(
        "import datetime, convtutor.learning.practice as p, convtutor.state.mastery as m\n"
        "now = datetime.datetime.now(datetime.timezone.utc)\n"
        "p.overview(m.Practice(), now); p.due_count(m.Practice(), now); m.streak_days(m.Practice(), now)"
    )
    assert "fsrs" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich", "yaml", "numpy")}
    assert "convtutor.lessons.questions" not in loaded


def test_a_session_loads_without_textual():
    loaded = loaded_by(
        "import convtutor.learning.practice as p, convtutor.state.mastery as m\n"
        "p.DrillSession(m.Practice(), clock=p.local_now, seed=1).answer('3x3')"
    )
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich", "numpy")}


def test_a_wrong_first_answer_does_not_raise_mastery():
    # FSRS's long tail alone would read about 47% thirty days after one wrong answer on a new card
    clock = Clock()
    s = DrillSession(Practice(), clock=clock, seed=3, skill="transposed_size")
    clock.wait(seconds=30)
    s.answer(slip(s)[1])
    assert mastery.mastery_meter(s.practice, "transposed_size", clock()) == 0.0
    s.answer(right(s))
    s.next()
    clock.wait(seconds=30)
    s.answer(right(s))
    assert 0 < mastery.mastery_meter(s.practice, "transposed_size", clock()) < 0.5
