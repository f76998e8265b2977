"""Publication of effective judgments and rulings (裁判文书上网, 法释〔2016〕19号; ADR 0036): services, selectors,
the published PDF and the portal's search. The entry point other apps call is `services.publication_open`."""
