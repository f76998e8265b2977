"""Statute logic of service (送达): pure functions and data, each citing its article; no database."""
