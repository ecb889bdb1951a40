"""Auditing a report as it is published (spec §13–14)."""
