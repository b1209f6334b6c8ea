"""convtutor key: the answer key an author reads (answers, each slip's wrong answer, silent feedback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from convtutor import paths

CORPUS = Path(__file__).parent / "corpus" / "broken"


def key(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "convtutor", "key", *args], capture_output=True, text=True, timeout=60)


def test_the_key_of_a_bundled_lesson_lists_answers_and_slips():
    result = key(str(paths.bundled_lessons_dir() / "01-convolutional-layer.yaml"))
    assert result.returncode == 0 and result.stderr == ""
    text = result.stdout
    assert "check / params-3x3  [param_count]" in text
    # 3·3·1·2 + 2 = 20; without the biases 18; one filter 10
    assert "first variant: 20" in text and "18             forgot_bias" in text and "10             forgot_filters" in text


def test_variants_and_json():
    result = key(str(paths.bundled_lessons_dir() / "04-padding.yaml"), "--variants", "2", "--json")
    data = json.loads(result.stdout)
    same_any = next(q for q in data["questions"] if q["id"] == "same-any")
    assert [v["variant"] for v in same_any["variants"]] == [0, 1, 2]
    for variant in same_any["variants"]:  # 'same' at stride 1 pads k − 1 in all, the odd pixel at the bottom
        assert variant["answer"] == str(variant["values"]["k"] // 2)


def test_feedback_that_never_shows_is_named_and_the_problem_noted():
    result = key(str(CORPUS / "feedback-never-fires.yaml"))
    assert result.returncode == 0
    assert "never shows: feedback with mistake: forgot_bias" in result.stdout
    assert "note: " in result.stderr and "cannot happen with these settings" in result.stderr


def test_a_file_that_is_not_a_lesson_is_refused_clearly():
    result = key(str(CORPUS / "syntax-error.yaml"))
    assert result.returncode == 1 and "Traceback" not in result.stderr and "fix that first" in result.stderr
