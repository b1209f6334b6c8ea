"""The files convtutor keeps for the learner: progress, settings, caches. Plain Python, no UI."""
