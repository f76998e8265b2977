"""Statute rules of hearings (庭审), each citing its article: the notice before a hearing (notice.py), postponement
and what it does to the trial period (postponement.py), who and what a booking holds (booking.py)."""
