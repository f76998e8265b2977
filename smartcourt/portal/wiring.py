"""Plugs the public side into filing's hooks at start-up (filing never imports portal)."""

from __future__ import annotations

from smartcourt.filing.hooks import register_filer_contacts, register_filer_defaults, register_identity_check

from .selectors import account_contacts, account_defaults, account_is_verified, kiosk_scopes_register

register_identity_check(account_is_verified)
register_filer_defaults(account_defaults)
register_filer_contacts(account_contacts)
kiosk_scopes_register()  # the court's terminals in the permission table (Resource.KIOSK)
