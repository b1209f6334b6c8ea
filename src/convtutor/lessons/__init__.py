"""Lessons as data: the YAML format, its loader and validator, and quiz questions.

Plain Python (msgspec and PyYAML); never imports the UI.
"""
