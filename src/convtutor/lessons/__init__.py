"""Lessons as data: the YAML format, its loader and validator, and quiz questions.

Plain Python (pydantic and PyYAML); never imports the UI.
"""
