"""Companies of the demo world as numeric arrays (names and domains are built in SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .rand import categorical, pick_from_slots, ranks
from .timeline import AS_OF_END, DAY, START
from .vocab import COUNTRIES, INDUSTRIES, NAME_PREFIXES, NAME_SUFFIXES


@dataclass
class Companies:
    """One entry per company; ``created``/``updated``/``number`` are set by ``stamp_companies``."""

    industry: np.ndarray
    employees: np.ndarray
    revenue: np.ndarray
    country: np.ndarray
    prefix: np.ndarray
    suffix: np.ndarray
    noun: np.ndarray  # index into ``industry_nouns()[0]``
    with_noun: np.ndarray  # name "Brightwave Logistics" vs "Brightwave"
    local_tld: np.ndarray  # country TLD instead of .com
    created: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    updated: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    number: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.industry)


def industry_nouns() -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """All industry nouns flattened, with each industry's offset and count."""
    nouns = tuple(noun for industry in INDUSTRIES for noun in industry.nouns)
    sizes = np.array([len(industry.nouns) for industry in INDUSTRIES], dtype=np.int64)
    return nouns, np.cumsum(sizes) - sizes, sizes


def company_sizes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Log-normal head counts between 1 and 100,000 (median around 40)."""
    raw = np.exp(rng.normal(np.log(40.0), 1.9, n))
    return np.clip(np.rint(raw), 1, 100_000).astype(np.int64)


def company_revenue(rng: np.random.Generator, industry: np.ndarray, employees: np.ndarray) -> np.ndarray:
    """Annual revenue in USD: head count times the industry's revenue per employee, noisy."""
    per_head = np.array([i.revenue_per_employee for i in INDUSTRIES])[industry]
    revenue = employees * per_head * np.exp(rng.normal(0.0, 0.35, len(industry)))
    return np.maximum(np.rint(revenue / 1_000) * 1_000, 25_000).astype(np.int64)


def make_companies(rng: np.random.Generator, n: int) -> Companies:
    """Draw ``n`` companies: industry, size, revenue, country and name parts."""
    industry = categorical(rng, [i.weight for i in INDUSTRIES], n)
    employees = company_sizes(rng, n)
    _, offsets, sizes = industry_nouns()
    noun = pick_from_slots(rng, industry, offsets, sizes, np.arange(sizes.sum()))
    return Companies(
        industry=industry.astype(np.int16),
        employees=employees,
        revenue=company_revenue(rng, industry, employees),
        country=categorical(rng, [c.weight for c in COUNTRIES], n).astype(np.int16),
        prefix=rng.integers(0, len(NAME_PREFIXES), n).astype(np.int16),
        suffix=rng.integers(0, len(NAME_SUFFIXES), n).astype(np.int16),
        noun=noun.astype(np.int16),
        with_noun=rng.random(n) < 0.9,
        local_tld=rng.random(n) < 0.35,
    )


def stamp_companies(
    rng: np.random.Generator,
    companies: Companies,
    lead_company: np.ndarray,
    lead_created: np.ndarray,
) -> None:
    """Creation (shortly before the first lead), update times and id numbers by creation."""
    n = len(companies)
    first_lead = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    known = lead_company >= 0
    np.minimum.at(first_lead, lead_company[known], lead_created[known])
    no_leads = first_lead == np.iinfo(np.int64).max
    random_time = START + (rng.random(n) * (AS_OF_END - START)).astype(np.int64)
    before = (rng.random(n) * 30 * DAY).astype(np.int64)
    created = np.where(no_leads, random_time, np.maximum(START, first_lead - before))
    life = np.maximum(AS_OF_END - created, 0)
    updated = created + (life * rng.random(n) ** 2).astype(np.int64)
    companies.created = created
    companies.updated = updated
    companies.number = ranks(created)
