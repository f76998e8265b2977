"""Filing pages, mounted at /filing/ (urls.py): the fee calculator (fees), the filing wizard (wizard), filing
review (review)."""
