"""CRM outcomes: sales activities, BANT qualifications, opportunities and erasure requests.

Everything here follows from the hidden propensity (fit, intent) and the journey's peak
stage, so a sensible scorecard predicts conversion and a random one does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .firms import Companies
from .journeys import Plan
from .people import UNAFFILIATED, Leads
from .rand import categorical, group_cumsum, office_hours, ranks, sigmoid
from .timeline import DAY, EXPORT_AT, START
from .vocab import (
    ACTIVITY_TYPES,
    BOOLEAN_SPELLINGS,
    C_LEVEL,
    DIRECTOR,
    IC,
    INDUSTRIES,
    INTERN,
    IS_COMPETITOR,
    IS_STUDENT,
    MANAGER,
    NO_BUDGET,
    NO_NEED,
    NO_REASON,
    NOT_DECISION_MAKER,
    STUDENT,
    VP,
)

CONTACT_BY_STAGE = np.array([0.01, 0.03, 0.10, 0.50, 0.80])
AUTHORITY = np.zeros(7)
AUTHORITY[[C_LEVEL, VP, DIRECTOR, MANAGER, IC, INTERN, STUDENT]] = (
    0.95,
    0.9,
    0.8,
    0.45,
    0.15,
    0.02,
    0.0,
)
WON_OFFSET = -3.4
"""Calibrates the share of closed opportunities that are won (about 40%)."""
SEAT_PRICE = (600.0, 1_140.0)
"""Yearly list price per CRM seat and per contact-centre agent (USD)."""


@dataclass
class Activities:
    lead: np.ndarray  # lead index
    kind: np.ndarray
    ts: np.ndarray
    number: np.ndarray


@dataclass
class Qualifications:
    lead: np.ndarray
    ts: np.ndarray
    answers: np.ndarray  # (n, 5) budget, authority, need, timeline, sales accepted
    reason: np.ndarray
    spelling: np.ndarray


@dataclass
class Opportunities:
    number: np.ndarray
    company: np.ndarray  # company index
    lead: np.ndarray  # lead index, -1 when not linked
    product: np.ndarray
    created: np.ndarray
    stage: np.ndarray
    won: np.ndarray  # -1 open, 0 lost, 1 won
    closed: np.ndarray  # -1 open
    amount: np.ndarray


@dataclass
class Erasures:
    lead: np.ndarray  # lead index, -1 for an address that is not in the data
    style: np.ndarray  # how the address was typed
    first: np.ndarray  # name parts of unknown addresses
    last: np.ndarray
    domain: np.ndarray
    ts: np.ndarray


@dataclass
class Crm:
    contacted: np.ndarray  # lead indices
    first_touch: np.ndarray
    activities: Activities
    qualifications: Qualifications
    opportunities: Opportunities


def contacted_leads(rng: np.random.Generator, leads: Leads, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """Leads that sales reached out to (mostly hot ones) and when they first did."""
    stage = plan.stage[: len(leads)]
    chance = CONTACT_BY_STAGE[stage] * (0.5 + sigmoid(leads.fit))
    chance = np.where(leads.kind == UNAFFILIATED, 0.2 * chance, chance).clip(0, 0.97)
    who = np.flatnonzero(rng.random(len(leads)) < chance)
    first = plan.hot[who] + (rng.exponential(2.0, len(who)) * DAY).astype(np.int64)
    keep = first <= EXPORT_AT
    return who[keep], first[keep]


def make_activities(
    rng: np.random.Generator,
    who: np.ndarray,
    first: np.ndarray,
    stage: np.ndarray,
    created: np.ndarray,
) -> Activities:
    """Calls, e-mails, meetings and LinkedIn messages from the first touch on."""
    count = 1 + rng.poisson(1.5 + 0.5 * stage[who])
    gaps = rng.exponential(4.0, int(count.sum())) * DAY
    gaps[np.cumsum(count) - count] = 0.0
    ts = office_hours(rng, np.repeat(first, count) + group_cumsum(gaps, count).astype(np.int64))
    lead = np.repeat(who, count)
    ts = np.maximum(ts, created[lead])
    keep = ts <= EXPORT_AT
    kind = categorical(rng, [w for _, w in ACTIVITY_TYPES], int(keep.sum()))
    return Activities(lead[keep], kind.astype(np.int8), ts[keep], ranks(ts[keep]))


def bant_answers(
    rng: np.random.Generator, leads: Leads, plan: Plan, who: np.ndarray, companies: Companies
) -> tuple[np.ndarray, np.ndarray]:
    """BANT booleans plus sales acceptance, and the disqualification reason."""
    n = len(who)
    fit, stage = leads.fit[who], plan.stage[who].astype(np.float64)
    intent = leads.intent[who].max(axis=1)
    seniority = leads.seniority[who]
    budget = rng.random(n) < sigmoid(1.2 * fit + 0.3)
    authority = rng.random(n) < AUTHORITY[seniority]
    need = rng.random(n) < sigmoid(1.0 * intent + 0.5 * stage - 1.5)
    timeline = rng.random(n) < sigmoid(0.9 * stage + 0.5 * intent - 2.5)
    employer = leads.company[who]
    software = np.array([i.name == "software" for i in INDUSTRIES])[companies.industry[employer]]
    competitor = (employer >= 0) & software & (rng.random(n) < 0.08) | (rng.random(n) < 0.01)
    student = seniority == STUDENT
    score = budget.astype(int) + authority + need + timeline
    accepted = ((score >= 3) | ((score == 2) & (rng.random(n) < 0.15))) & ~student & ~competitor
    reason = np.select(
        [accepted, student, competitor, ~authority, ~budget, ~need],
        [NO_REASON, IS_STUDENT, IS_COMPETITOR, NOT_DECISION_MAKER, NO_BUDGET, NO_NEED],
        NO_REASON,
    )
    reason = np.where(rng.random(n) < 0.1, NO_REASON, reason)
    answers = np.stack([budget, authority, need, timeline, accepted], axis=1)
    return answers, reason.astype(np.int8)


def make_qualifications(
    rng: np.random.Generator,
    leads: Leads,
    plan: Plan,
    who: np.ndarray,
    first: np.ndarray,
    companies: Companies,
) -> Qualifications:
    """BANT assessments of most contacted leads, days after the first touch."""
    assessed = rng.random(len(who)) < 0.75
    ts = first + (rng.uniform(2, 20, len(who)) * DAY).astype(np.int64)
    keep = assessed & (ts <= EXPORT_AT)
    answers, reason = bant_answers(rng, leads, plan, who[keep], companies)
    spelling = categorical(rng, [w for *_, w in BOOLEAN_SPELLINGS], int(keep.sum()))
    return Qualifications(who[keep], ts[keep], answers, reason, spelling.astype(np.int8))


def deal_amount(rng: np.random.Generator, product: np.ndarray, employees: np.ndarray) -> np.ndarray:
    """Yearly contract value: seats or agents scaled to company size, times a list price."""
    share = np.where(
        product == 0, rng.uniform(0.03, 0.25, len(product)), rng.uniform(0.02, 0.15, len(product))
    )
    seats = np.clip(np.rint(employees * share), np.where(product == 0, 3, 5), 3_000)
    price = np.array(SEAT_PRICE)[product] * rng.uniform(0.8, 1.2, len(product))
    return (np.rint(seats * price / 10) * 10).astype(np.int64)


def make_opportunities(
    rng: np.random.Generator, leads: Leads, plan: Plan, quals: Qualifications, companies: Companies
) -> Opportunities:
    """Deals for accepted leads, won far more often by well-fitting, intent-driven buyers."""
    lead = quals.lead
    eligible = quals.answers[:, 4] & (leads.company[lead] >= 0)
    fit, stage = leads.fit[lead], plan.stage[lead].astype(np.float64)
    opened = eligible & (rng.random(len(lead)) < sigmoid(0.8 * fit + 0.5 * (stage - 2) + 0.3))
    primary = plan.product[lead]
    second = opened & (rng.random(len(lead)) < 0.1)
    source = np.concatenate([np.flatnonzero(opened), np.flatnonzero(second)])
    product = np.concatenate([primary[opened], 1 - primary[second]]).astype(np.int8)
    who = lead[source]
    created = quals.ts[source] + (rng.uniform(1, 14, len(who)) * DAY).astype(np.int64)
    keep = created <= EXPORT_AT
    who, product, created = who[keep], product[keep], created[keep]
    n = len(who)
    propensity = (
        1.3 * leads.fit[who]
        + 0.7 * leads.intent[who, product]
        + 0.4 * (plan.stage[who] - 2.0)
        + rng.normal(0, 0.8, n)
    )
    won = rng.random(n) < sigmoid(propensity + WON_OFFSET)
    cycle = np.clip(np.exp(rng.normal(np.log(70), 0.5, n)), 14, 365) * np.where(won, 1.0, 0.7)
    closes = created + (cycle * DAY).astype(np.int64)
    closed = closes <= EXPORT_AT
    progress = (EXPORT_AT - created) / (cycle * DAY)
    stage_code = np.where(closed, np.where(won, 4, 5), np.digitize(progress, [0.25, 0.5, 0.75]))
    company = leads.company[who]
    return Opportunities(
        number=ranks(created),
        company=company,
        lead=np.where(rng.random(n) < 0.92, who, -1),
        product=product,
        created=created,
        stage=stage_code.astype(np.int8),
        won=np.where(closed, won, -1).astype(np.int8),
        closed=np.where(closed, closes, -1),
        amount=deal_amount(rng, product, companies.employees[company]),
    )


def make_crm(rng: np.random.Generator, leads: Leads, plan: Plan, companies: Companies) -> Crm:
    """All CRM outcome tables of the world."""
    who, first = contacted_leads(rng, leads, plan)
    activities = make_activities(rng, who, first, plan.stage, leads.created)
    quals = make_qualifications(rng, leads, plan, who, first, companies)
    opportunities = make_opportunities(rng, leads, plan, quals, companies)
    return Crm(who, first, activities, quals, opportunities)


def make_erasures(
    rng: np.random.Generator, leads: Leads, n_first: int, n_last: int, n_domains: int
) -> Erasures:
    """About 0.2% of leads ask to be erased, plus a few addresses that are not in the data."""
    n = len(leads)
    k = min(n, max(1, round(0.002 * n))) if n else 0
    who = np.sort(rng.choice(n, size=k, replace=False)) if k else np.empty(0, dtype=np.int64)
    unknown = max(1, round(0.0003 * n))
    ts_known = leads.created[who] + (rng.random(k) * (EXPORT_AT - leads.created[who])).astype(np.int64)
    ts_unknown = START + (rng.random(unknown) * (EXPORT_AT - START)).astype(np.int64)
    return Erasures(
        lead=np.concatenate([who, np.full(unknown, -1)]),
        style=np.concatenate(
            [categorical(rng, [0.55, 0.15, 0.15, 0.15], k), np.zeros(unknown, dtype=np.int64)]
        ).astype(np.int8),
        first=rng.integers(0, n_first, k + unknown).astype(np.int16),
        last=rng.integers(0, n_last, k + unknown).astype(np.int16),
        domain=rng.integers(0, n_domains, k + unknown).astype(np.int16),
        ts=np.concatenate([ts_known, ts_unknown]),
    )
