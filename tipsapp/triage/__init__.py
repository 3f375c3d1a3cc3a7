"""Triage: the automatic suggestion on intake and the queue analysts work."""
