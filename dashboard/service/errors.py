"""The errors a page catches, named here so that pages need not import the store.

`StoreError` is every refusal the store explains in words (bad input, a rule);
`AccessDenied` (a kind of StoreError) is a refusal of who asks. Both carry a
sentence fit to show (through `ui.text.md_escape`).
"""

from __future__ import annotations

from dashboard.store.access import AccessDenied
from dashboard.store.db import StoreError

__all__ = ["AccessDenied", "StoreError"]
