"""Reporting a problem on the web: choose a service, place it, answer, describe, review, submit."""
