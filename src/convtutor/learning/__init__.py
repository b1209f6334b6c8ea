"""How a learner moves through the course, as plain objects the TUI draws: a lesson's status
and where to resume, a sweep being stepped through, a quiz being answered. No UI, no NumPy."""
