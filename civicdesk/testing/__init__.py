"""Test helpers shared by every app (browser fixtures live in `browser.py`)."""
