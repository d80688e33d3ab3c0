"""Leads of the demo world: who they are, where they work, and their hidden propensity.

Besides the written attributes every lead carries three hidden latents — ``fit`` (how well
they match the ideal customer profile) and ``intent`` per product line — that drive their
behaviour and CRM outcomes. The latents are never written to the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .firms import Companies
from .rand import categorical, categorical_by_group, pick_from_slots, ranks
from .timeline import DAY, EXPORT_AT
from .vocab import (
    COUNTRIES,
    DEPARTMENT_BY_SENIORITY,
    DEPARTMENTS,
    DIRECTOR,
    EXECUTIVE,
    FINANCE,
    FIRST_NAMES,
    FREELANCE,
    HR,
    IC,
    INDUSTRIES,
    INTERN,
    IT,
    LAST_NAMES,
    LEAD_SOURCES,
    LOCALES,
    MANAGER,
    MARKETING,
    OPERATIONS,
    OTHER,
    SALES,
    SENIORITIES,
    SENIORITY_BY_SIZE,
    SERVICE,
    SIZE_BUCKETS,
    STUDENT,
    TITLES,
    VP,
)

ATTACHED, DETACHED, UNAFFILIATED = 0, 1, 2
"""Lead kinds: company_id set; no company_id but a company e-mail; no company at all."""

NAME_NULL, NAME_EXACT, NAME_LOWER, NAME_LEGAL, NAME_SELF = range(5)
"""How a lead's free-text company_name is filled in."""

TITLE_KEYS = len(SENIORITIES) + 1
"""Seniority slots per department in the title pool (the last one holds freelancers)."""


@dataclass
class Leads:
    """One entry per lead; ``created``/``updated``/``number`` are set once journeys exist."""

    kind: np.ndarray
    company: np.ndarray  # the real employer (also for detached leads), -1 for none
    seniority: np.ndarray
    department: np.ndarray
    title: np.ndarray  # index into ``title_pool()[0]``
    country: np.ndarray
    first: np.ndarray  # index into ``name_pools()[0]``
    last: np.ndarray  # index into ``name_pools()[1]``
    free_mail: np.ndarray  # index into the free-mail domains, -1 for a company address
    email_style: np.ndarray
    email_digits: np.ndarray  # -1 for none
    name_style: np.ndarray
    source: np.ndarray
    job_seeker: np.ndarray
    fit: np.ndarray
    intent: np.ndarray  # shape (n, 2): crm, call_centre
    created: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    updated: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    number: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.kind)


def name_pools() -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray]:
    """First and last names of all locales flattened, and each locale's (first, last) slots."""
    firsts = tuple(name for loc in LOCALES for name in FIRST_NAMES[loc])
    lasts = tuple(name for loc in LOCALES for name in LAST_NAMES[loc])
    slots = np.zeros((len(LOCALES), 4), dtype=np.int64)  # first offset/size, last offset/size
    slots[:, 1] = [len(FIRST_NAMES[loc]) for loc in LOCALES]
    slots[:, 3] = [len(LAST_NAMES[loc]) for loc in LOCALES]
    slots[:, 0] = np.cumsum(slots[:, 1]) - slots[:, 1]
    slots[:, 2] = np.cumsum(slots[:, 3]) - slots[:, 3]
    return firsts, lasts, slots


def title_pool() -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], np.ndarray, np.ndarray]:
    """Job titles flattened with their department and seniority, and slots per title key."""
    keys = sorted(TITLES)
    titles = tuple(t for key in keys for t in TITLES[key])
    depts = tuple(key[0] for key in keys for _ in TITLES[key])
    seniorities = tuple(IC if key[1] == FREELANCE else key[1] for key in keys for _ in TITLES[key])
    offsets = np.zeros(len(DEPARTMENTS) * TITLE_KEYS, dtype=np.int64)
    sizes = np.zeros_like(offsets)
    position = 0
    for dept, sen in keys:
        slot = dept * TITLE_KEYS + (TITLE_KEYS - 1 if sen == FREELANCE else sen)
        offsets[slot], sizes[slot] = position, len(TITLES[(dept, sen)])
        position += sizes[slot]
    return titles, depts, seniorities, offsets, sizes


def size_bucket(employees: np.ndarray) -> np.ndarray:
    """Index of the employee-count bucket (see ``SIZE_BUCKETS``)."""
    return np.searchsorted(np.array(SIZE_BUCKETS), employees, side="right")


def draw_kinds(rng: np.random.Generator, n: int) -> np.ndarray:
    """Attached (89%), detached (8%) or unaffiliated (3%)."""
    return categorical(rng, [0.89, 0.08, 0.03], n).astype(np.int8)


def draw_employers(rng: np.random.Generator, kind: np.ndarray, companies: Companies) -> np.ndarray:
    """Employer per lead, larger companies having more leads; -1 for the unaffiliated."""
    weights = companies.employees.astype(np.float64) ** 0.45
    employer = rng.choice(len(companies), size=len(kind), p=weights / weights.sum())
    return np.where(kind == UNAFFILIATED, -1, employer).astype(np.int64)


def draw_roles(
    rng: np.random.Generator, kind: np.ndarray, employer: np.ndarray, companies: Companies
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Seniority, department and title index that fit together and fit the company size."""
    n = len(kind)
    has_company = employer >= 0
    industry = np.where(has_company, companies.industry[employer], 0)
    bucket = np.where(has_company, size_bucket(companies.employees[employer]), 0)
    seniority = categorical_by_group(rng, bucket, np.array(SENIORITY_BY_SIZE))
    n_ind = len(INDUSTRIES)
    table = np.repeat(np.array(DEPARTMENT_BY_SENIORITY), n_ind, axis=0)
    table[:, SERVICE] *= np.tile([i.service_share for i in INDUSTRIES], len(DEPARTMENT_BY_SENIORITY))
    department = categorical_by_group(rng, seniority * n_ind + industry, table)
    student = (~has_company) & (rng.random(n) < 0.6)
    seniority = np.where(has_company, seniority, np.where(student, STUDENT, IC))
    department = np.where(has_company, department, OTHER)
    title_key = np.where(has_company | student, seniority, TITLE_KEYS - 1)
    _, _, _, offsets, sizes = title_pool()
    title = pick_from_slots(rng, department * TITLE_KEYS + title_key, offsets, sizes, np.arange(sizes.sum()))
    if (title < 0).any():
        raise ValueError("a department/seniority combination has no job titles")
    return seniority.astype(np.int8), department.astype(np.int8), title.astype(np.int16)


def draw_countries(rng: np.random.Generator, employer: np.ndarray, companies: Companies) -> np.ndarray:
    """Mostly the company's country, otherwise any country."""
    n = len(employer)
    anywhere = categorical(rng, [c.weight for c in COUNTRIES], n)
    own = np.where(employer >= 0, companies.country[np.maximum(employer, 0)], anywhere)
    return np.where(rng.random(n) < 0.9, own, anywhere).astype(np.int16)


def draw_names(rng: np.random.Generator, country: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last name indices, mostly from the country's locale."""
    n = len(country)
    locale_of = np.array([LOCALES.index(c.locale) for c in COUNTRIES])
    locale = np.where(rng.random(n) < 0.88, locale_of[country], rng.integers(0, len(LOCALES), n))
    _, _, slots = name_pools()
    first = slots[locale, 0] + (rng.random(n) * slots[locale, 1]).astype(np.int64)
    last = slots[locale, 2] + (rng.random(n) * slots[locale, 3]).astype(np.int64)
    return first.astype(np.int16), last.astype(np.int16)


def draw_emails(
    rng: np.random.Generator, kind: np.ndarray, n_free_domains: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Free-mail domain (-1 = company domain), local-part style and optional digits."""
    n = len(kind)
    free = np.where(kind == ATTACHED, rng.random(n) < 0.10, kind == UNAFFILIATED)
    zipf = 1.0 / np.arange(1, n_free_domains + 1) ** 1.1
    domain = np.where(free, categorical(rng, zipf, n), -1)
    style = categorical(rng, [0.82, 0.08, 0.05, 0.05], n)
    birth_year = rng.integers(60, 100, n)
    small = rng.integers(1, 100, n)
    digits = np.where(rng.random(n) < 0.5, birth_year, small)
    digits = np.where(free & (rng.random(n) < 0.55), digits, -1)
    return domain.astype(np.int16), style.astype(np.int8), digits.astype(np.int16)


def draw_name_styles(rng: np.random.Generator, kind: np.ndarray, seniority: np.ndarray) -> np.ndarray:
    """How the free-text company_name is filled in, per lead kind."""
    n = len(kind)
    attached = np.where(rng.random(n) < 0.9, NAME_EXACT, NAME_NULL)
    detached = categorical(rng, [0.30, 0.35, 0.15, 0.20], n)
    freelancer = np.where(rng.random(n) < 0.5, NAME_SELF, NAME_NULL)
    unaffiliated = np.where(seniority == STUDENT, NAME_NULL, freelancer)
    return np.select([kind == ATTACHED, kind == DETACHED], [attached, detached], unaffiliated).astype(np.int8)


def fit_latent(
    rng: np.random.Generator,
    employer: np.ndarray,
    seniority: np.ndarray,
    department: np.ndarray,
    free_mail: np.ndarray,
    companies: Companies,
) -> np.ndarray:
    """Standardised ideal-customer-profile fit (hidden)."""
    has_company = employer >= 0
    ind_fit = np.array([i.fit for i in INDUSTRIES])[companies.industry[np.maximum(employer, 0)]]
    emp = companies.employees[np.maximum(employer, 0)]
    size_fit = np.select([emp < 20, emp < 50, emp <= 2000, emp <= 10_000], [-0.4, 0.3, 0.8, 0.3], 0.0)
    firm = np.where(has_company, ind_fit + size_fit, -1.2)
    sen_fit = np.array([0.6, 0.7, 0.6, 0.2, -0.2, -0.8, -1.2])[seniority]
    dept_fit = np.zeros(len(DEPARTMENTS))
    dept_fit[[SALES, MARKETING, SERVICE, IT, OPERATIONS, FINANCE, HR, EXECUTIVE, OTHER]] = (
        0.6,
        0.5,
        0.6,
        0.4,
        0.1,
        -0.1,
        -0.6,
        0.4,
        -0.5,
    )
    raw = firm + sen_fit + dept_fit[department] - 0.6 * (free_mail >= 0)
    raw = raw + rng.normal(0.0, 0.5, len(raw))
    return ((raw - raw.mean()) / max(raw.std(), 1e-9)).astype(np.float32)


def intent_latent(
    rng: np.random.Generator,
    employer: np.ndarray,
    seniority: np.ndarray,
    department: np.ndarray,
    job_seeker: np.ndarray,
    companies: Companies,
) -> np.ndarray:
    """Hidden interest per product line (columns: crm, call_centre)."""
    n = len(employer)
    has_company = employer >= 0
    industry = companies.industry[np.maximum(employer, 0)]
    emp = companies.employees[np.maximum(employer, 0)]
    ind_crm = np.where(has_company, np.array([i.crm for i in INDUSTRIES])[industry], 0.0)
    ind_cc = np.where(has_company, np.array([i.call_centre for i in INDUSTRIES])[industry], 0.0)
    uninterested = (seniority == STUDENT) | (department == HR) | job_seeker
    crm = (
        rng.normal(0, 1, n)
        + 0.9 * np.isin(department, [SALES, MARKETING])
        + 0.3 * (department == EXECUTIVE)
        + 0.6 * ind_crm
        - 0.8 * uninterested
    )
    cc = (
        rng.normal(0, 1, n)
        + 1.1 * (department == SERVICE)
        + 0.25 * np.isin(department, [IT, OPERATIONS])
        + 0.7 * ind_cc
        + 0.4 * (has_company & (emp >= 250))
        - 0.5 * (has_company & (emp < 10))
        - 0.8 * uninterested
    )
    return np.stack([crm, cc], axis=1).astype(np.float32)


def make_leads(rng: np.random.Generator, n: int, companies: Companies, n_free_domains: int) -> Leads:
    """Draw ``n`` leads with their visible attributes and hidden latents."""
    kind = draw_kinds(rng, n)
    employer = draw_employers(rng, kind, companies)
    seniority, department, title = draw_roles(rng, kind, employer, companies)
    country = draw_countries(rng, employer, companies)
    first, last = draw_names(rng, country)
    free_mail, email_style, email_digits = draw_emails(rng, kind, n_free_domains)
    junior = np.isin(seniority, [IC, INTERN])
    job_seeker = rng.random(n) < np.where(seniority == STUDENT, 0.5, np.where(junior, 0.04, 0.01))
    return Leads(
        kind=kind,
        company=employer,
        seniority=seniority,
        department=department,
        title=title,
        country=country,
        first=first,
        last=last,
        free_mail=free_mail,
        email_style=email_style,
        email_digits=email_digits,
        name_style=draw_name_styles(rng, kind, seniority),
        source=categorical(rng, [w for _, w in LEAD_SOURCES], n).astype(np.int8),
        job_seeker=job_seeker,
        fit=fit_latent(rng, employer, seniority, department, free_mail, companies),
        intent=intent_latent(rng, employer, seniority, department, job_seeker, companies),
    )


def stamp_leads(rng: np.random.Generator, leads: Leads, created: np.ndarray) -> None:
    """Creation time from the journey, a later update time, and id numbers by creation."""
    gap = (rng.exponential(40.0, len(created)) * DAY).astype(np.int64)
    leads.created = created
    leads.updated = np.minimum(created + gap, np.maximum(created, EXPORT_AT))
    leads.number = ranks(created)


TEAM_PLAIN, TEAM_RANGE, TEAM_PLACEHOLDER, TEAM_UNREADABLE = range(4)
"""How a lead's team size is written: 12, a range 10-15, n/a, or text no parser reads."""


def team_sizes(rng: np.random.Generator, leads: Leads, companies: Companies) -> tuple[np.ndarray, np.ndarray]:
    """The size of the team a lead works in (the demo's custom attribute `team_size`), -1 when
    the lead has no company or is a student, and how each is written. Larger for senior people
    and larger companies, and a little larger the better the lead fits (so a rule on it helps)."""
    n = len(leads)
    base = np.array([25.0, 18.0, 12.0, 7.0, 5.0, 4.0, 0.0])[leads.seniority]
    employees = companies.employees[np.maximum(leads.company, 0)].astype(np.float64)
    size = base * np.clip(np.log10(np.maximum(employees, 2.0)) / 2.0, 0.3, 2.5)
    size = size * np.exp(0.35 * leads.fit + rng.normal(0.0, 0.4, n))
    team = np.where((leads.company >= 0) & (leads.seniority != STUDENT), np.maximum(np.round(size), 1), -1)
    style = categorical(rng, [0.86, 0.08, 0.04, 0.02], n).astype(np.int8)
    return team.astype(np.int32), style


PROMOTION = {MANAGER: DIRECTOR, IC: MANAGER, INTERN: IC, DIRECTOR: VP}
"""Seniority a re-sent lead may have moved up to (job-title changes of duplicates)."""
