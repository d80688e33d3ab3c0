"""Deterministic demo data: a plausible B2B world written to the ``raw`` schema.

The demo vendor sells CRM software and call-centre software. ``generate`` draws companies,
leads, their buyer journeys (including anonymous browsing and identification), CRM outcomes
driven by a hidden propensity, erasure requests and a configurable amount of dirt, and
writes them as text into the raw tables of the raw contract (``leadscore.contract``).
"""

from __future__ import annotations

from .dirt import DIRT_CLASSES
from .generator import DEFAULT_DIRT_RATE, generate
from .timeline import DEMO_AS_OF

__all__ = ["DEFAULT_DIRT_RATE", "DEMO_AS_OF", "DIRT_CLASSES", "generate"]
