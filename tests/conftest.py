"""Test-wide settings: user data always goes to a temporary folder, never the real home."""

from __future__ import annotations

import os
import tempfile

import pytest

# Set before anything imports convtutor, so even import-time code sees the temp folder.
_DATA = tempfile.mkdtemp(prefix="convtutor-test-data-")
os.environ["CONVTUTOR_DATA_DIR"] = _DATA


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path, monkeypatch):
    """Each test gets its own empty user-data folder."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("CONVTUTOR_DATA_DIR", str(folder))
    return folder
