"""Buyer journeys: who engages when and how much, and the events that follow from it.

A journey *plan* is drawn for every actor at once (leads first, then anonymous visitors who
are never identified): the furthest buyer stage reached (driven by the hidden intent and
fit), when the journey starts and how long it lasts, how many events it yields, whether the
lead browsed anonymously before a form identified them, and one-off *milestone* events
(identifying forms, conversions, unsubscribes). Events are then expanded from the plan one
chunk of actors at a time, so memory stays bounded however large the world is.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .people import STUDENT, Leads
from .rand import categorical, categorical_by_group, office_hours, pick_from_slots, sigmoid
from .seeds import GENERAL, Content
from .timeline import AS_OF_END, DAY, EXPORT_AT, START
from .vocab import PRODUCTS, UTM_EMAIL

NEVER = np.iinfo(np.int64).max
STAGE_SHARES = (0.45, 0.25, 0.15, 0.10, 0.05)
"""Share of leads whose journey peaks at: nothing, ideation, orientation, choice, hot."""
GHOST_STAGE_SHARES = (0.70, 0.20, 0.08, 0.02, 0.0)
BACKGROUND_SHARE = (0.60, 0.50, 0.40, 0.35, 0.30)
"""Share of a lead's events that are background e-mail/social noise, by peak stage."""
LATE_SHARE = 0.03
"""Share of background e-mail events that arrive after the as-of date."""
NOISE_SHARE = 0.30
WEB_TYPES = (
    "page_view",
    "blog_read",
    "case_study_view",
    "product_page_view",
    "pricing_view",
    "careers_view",
)
"""What an anonymous (cookie-only) visitor can do."""
EMAIL_TYPES = ("newsletter_open", "email_open", "email_click", "unsubscribe")
URL_ONLY_TYPES = ("page_view", "checkout_abandoned")
"""Types whose url points at a catalogued path without carrying its content_id."""

CONTENT_OF: dict[str, tuple[str, ...]] = {
    "page_view": (
        "product_page",
        "blog",
        "company",
        "contact",
        "pricing",
        "case_study",
        "newsletter",
        "careers",
    ),
    "blog_read": ("blog",),
    "newsletter_open": ("newsletter",),
    "email_click": ("blog", "whitepaper", "webinar", "case_study"),
    "whitepaper_download": ("whitepaper",),
    "webinar_registered": ("webinar",),
    "webinar_attended": ("webinar",),
    "case_study_view": ("case_study",),
    "product_page_view": ("product_page",),
    "pricing_view": ("pricing",),
    "contact_form": ("contact",),
    "demo_request": ("demo",),
    "trial_signup": ("trial",),
    "checkout_abandoned": ("pricing",),
    "careers_view": ("careers",),
}

MIXES: tuple[dict[str, float], ...] = (
    {
        "newsletter_open": 0.45,
        "email_open": 0.30,
        "email_click": 0.12,
        "social_engagement": 0.08,
        "blog_read": 0.05,
    },
    {
        "page_view": 0.35,
        "blog_read": 0.25,
        "social_engagement": 0.12,
        "careers_view": 0.04,
        "email_open": 0.12,
        "newsletter_open": 0.12,
    },
    {
        "careers_view": 0.55,
        "page_view": 0.20,
        "blog_read": 0.10,
        "social_engagement": 0.10,
        "email_open": 0.05,
    },
    {"blog_read": 0.60, "email_click": 0.15, "page_view": 0.25},
    {
        "whitepaper_download": 0.18,
        "webinar_registered": 0.12,
        "webinar_attended": 0.08,
        "case_study_view": 0.25,
        "product_page_view": 0.37,
    },
    {
        "pricing_view": 0.30,
        "product_page_view": 0.25,
        "case_study_view": 0.20,
        "whitepaper_download": 0.10,
        "webinar_attended": 0.05,
        "page_view": 0.10,
    },
)
"""Event-type mixes: background, noise, job-seeker noise, ideation, orientation, choice."""
MIX_BACKGROUND, MIX_NOISE, MIX_JOB_SEEKER, MIX_IDEATION = 0, 1, 2, 3


class EventTypes:
    """Codes of the known event types (seed order) and per-type lookup arrays."""

    def __init__(self, names: tuple[str, ...]) -> None:
        needed = set(CONTENT_OF) | set(EMAIL_TYPES) | {n for mix in MIXES for n in mix}
        missing = sorted(needed - set(names))
        if missing:
            raise ValueError(f"event types missing from the seed list: {missing}")
        self.names = names
        self.code = {name: code for code, name in enumerate(names)}

    def mask(self, names: tuple[str, ...] | list[str]) -> np.ndarray:
        """Boolean lookup array: is the type with this code one of ``names``?"""
        return np.isin(np.arange(len(self.names)), [self.code[n] for n in names])

    def mix_table(self) -> np.ndarray:
        """Weights of every mix over all type codes."""
        table = np.zeros((len(MIXES), len(self.names)))
        for row, mix in enumerate(MIXES):
            for name, weight in mix.items():
                table[row, self.code[name]] = weight
        return table


@dataclass(frozen=True)
class ContentSlots:
    """Candidate catalogue rows per (event type, product or general, buyer stage) key."""

    offsets: np.ndarray
    sizes: np.ndarray
    pool: np.ndarray

    @staticmethod
    def key(etype: np.ndarray, product: np.ndarray, level: np.ndarray) -> np.ndarray:
        return (etype.astype(np.int64) * (len(PRODUCTS) + 1) + product) * 4 + level


def candidates(content: Content, types: tuple[str, ...], product: int, level: int) -> list[int]:
    """Catalogue rows for a slot, falling back from exact stage to product, general, any."""
    of_type = np.isin(np.array(content.content_type), types)
    tries = [
        of_type & (content.product == product) & (content.stage == level) & (level > 0),
        of_type & (content.product == product),
        of_type & (content.product == GENERAL),
        of_type,
    ]
    for match in tries:
        if match.any():
            return np.flatnonzero(match).tolist()
    return []


def content_slots(content: Content, types: EventTypes) -> ContentSlots:
    """Build the slot table for every event type, product (+ general) and stage level."""
    n_keys = len(types.names) * (len(PRODUCTS) + 1) * 4
    offsets, sizes = np.zeros(n_keys, np.int64), np.zeros(n_keys, np.int64)
    pool: list[int] = []
    for name, code in types.code.items():
        for product in range(len(PRODUCTS) + 1):
            for level in range(4):
                rows = candidates(content, CONTENT_OF.get(name, ()), product, level)
                key = ContentSlots.key(np.array(code), np.array(product), np.array(level))
                offsets[key], sizes[key] = len(pool), len(rows)
                pool.extend(rows)
    return ContentSlots(offsets, sizes, np.array(pool or [0], dtype=np.int64))


@dataclass
class Milestones:
    """One-off events, sorted by actor."""

    actor: np.ndarray
    etype: np.ndarray
    ts: np.ndarray


@dataclass
class Plan:
    """Journey parameters per actor (leads ``0..n_leads-1``, then never-identified visitors)."""

    n_leads: int
    stage: np.ndarray
    start: np.ndarray
    duration: np.ndarray
    created: np.ndarray  # when the lead became known (NEVER for anonymous visitors)
    identified: np.ndarray  # -1: never anonymous; NEVER: never identified
    anon: np.ndarray  # anonymous_id number, -1 for none
    lead_number: np.ndarray  # -1 for anonymous visitors; set once leads are numbered
    country: np.ndarray
    product: np.ndarray  # primary product line
    focus: np.ndarray  # share of product events about the primary line
    background: np.ndarray
    job_seeker: np.ndarray
    count: np.ndarray  # regular (non-milestone) events
    milestones: Milestones
    hot: np.ndarray  # per lead: when sales would notice them

    def rows(self) -> np.ndarray:
        """Clean event rows per actor (regular plus milestones)."""
        per_actor = self.count.copy()
        np.add.at(per_actor, self.milestones.actor, 1)
        return per_actor


def peak_stages(rng: np.random.Generator, leads: Leads) -> np.ndarray:
    """Furthest buyer stage per lead, from intent (mostly) and fit, plus noise."""
    n = len(leads)
    latent = 0.9 * leads.intent.max(axis=1) + 0.35 * leads.fit + rng.normal(0, 0.6, n)
    edges = np.quantile(latent, np.cumsum(STAGE_SHARES)[:-1]) if n else np.zeros(4)
    stage = np.searchsorted(edges, latent, side="right")
    uninterested = (leads.seniority == STUDENT) | leads.job_seeker
    return np.where(uninterested, np.minimum(stage, 1), stage).astype(np.int8)


def journey_windows(rng: np.random.Generator, n_leads: int, n_ghosts: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and duration (seconds): leads weeks to months, anonymous visitors days."""
    lead_days = np.clip(np.exp(rng.normal(np.log(45), 0.8, n_leads)), 2, 400)
    ghost_days = np.clip(np.exp(rng.normal(np.log(4), 1.0, n_ghosts)), 0.05, 60)
    duration = (np.concatenate([lead_days, ghost_days]) * DAY).astype(np.int64)
    room = AS_OF_END - START - duration
    start = START + (room * rng.random(len(duration)) ** 0.85).astype(np.int64)
    return start, duration


def anonymous_phase(
    rng: np.random.Generator,
    stage: np.ndarray,
    start: np.ndarray,
    duration: np.ndarray,
    n_leads: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Identification time (-1 none, NEVER for visitors) and anonymous_id numbers."""
    n = len(stage)
    is_lead = np.arange(n) < n_leads
    browsed = np.where(is_lead, rng.random(n) < 0.18 + 0.06 * stage, True)
    share = rng.uniform(0.15, 0.6, n)
    moment = office_hours(rng, start + (share * duration).astype(np.int64))
    moment = np.clip(moment, start + 60, start + duration)
    identified = np.where(is_lead, moment, NEVER)
    identified = np.where(browsed, identified, -1)
    anon = np.full(n, -1, dtype=np.int64)
    anon[browsed] = rng.permutation(int(browsed.sum())) + 1
    return identified, anon


Parts = list[tuple[np.ndarray, np.ndarray, np.ndarray]]
"""Milestone pieces as (actor, type code, time) arrays."""


def pick_types(
    rng: np.random.Generator, types: EventTypes, weights: dict[str, float], size: int
) -> np.ndarray:
    """``size`` event type codes drawn with the given weights."""
    codes = np.array([types.code[name] for name in weights])
    return codes[categorical(rng, list(weights.values()), size)]


def identifying_milestones(
    rng: np.random.Generator,
    types: EventTypes,
    stage: np.ndarray,
    start: np.ndarray,
    identified: np.ndarray,
) -> Parts:
    """The form that turned an anonymous visitor into a lead, and the visit before it."""
    who = np.flatnonzero(identified >= 0)
    hot = stage[who] == 4
    hot_form = pick_types(
        rng,
        types,
        {
            "demo_request": 0.35,
            "contact_form": 0.2,
            "whitepaper_download": 0.3,
            "webinar_registered": 0.15,
        },
        len(who),
    )
    form = pick_types(
        rng,
        types,
        {"whitepaper_download": 0.55, "webinar_registered": 0.25, "contact_form": 0.2},
        len(who),
    )
    landing = pick_types(rng, types, {"page_view": 0.4, "blog_read": 0.4, "product_page_view": 0.2}, len(who))
    before = (rng.random(len(who)) * (identified[who] - start[who])).astype(np.int64)
    return [
        (who, np.where(hot, hot_form, form), identified[who]),
        (who, landing, start[who] + before),
    ]


def conversion_milestones(
    rng: np.random.Generator,
    types: EventTypes,
    stage: np.ndarray,
    start: np.ndarray,
    duration: np.ndarray,
) -> Parts:
    """Demo requests, trials, contact forms and abandoned checkouts late in hot journeys."""
    hottest = np.flatnonzero(stage == 4)
    who = np.repeat(hottest, 1 + rng.binomial(2, 0.35, len(hottest)))
    conversion = pick_types(
        rng,
        types,
        {
            "demo_request": 0.45,
            "trial_signup": 0.25,
            "contact_form": 0.2,
            "checkout_abandoned": 0.1,
        },
        len(who),
    )
    late = (rng.uniform(0.7, 1.0, len(who)) * duration[who]).astype(np.int64)
    asking = np.flatnonzero((stage == 3) & (rng.random(len(stage)) < 0.10))
    question = (rng.uniform(0.6, 1.0, len(asking)) * duration[asking]).astype(np.int64)
    return [
        (who, conversion, start[who] + late),
        (asking, np.full(len(asking), types.code["contact_form"]), start[asking] + question),
    ]


def anytime_milestones(
    rng: np.random.Generator, types: EventTypes, stage: np.ndarray, created: np.ndarray
) -> Parts:
    """Stray contact forms (support questions, job seekers) and unsubscribes."""
    parts: Parts = []
    for name, chance in (
        ("contact_form", np.full(len(stage), 0.005)),
        ("unsubscribe", np.where(stage <= 1, 0.03, 0.01)),
    ):
        who = np.flatnonzero(rng.random(len(stage)) < chance)
        when = created[who] + (rng.random(len(who)) * (AS_OF_END - created[who])).astype(np.int64)
        parts.append((who, np.full(len(who), types.code[name]), when))
    return parts


def milestone_events(
    rng: np.random.Generator,
    types: EventTypes,
    stage: np.ndarray,
    start: np.ndarray,
    duration: np.ndarray,
    created: np.ndarray,
    identified: np.ndarray,
    n_leads: int,
) -> Milestones:
    """All one-off events of the leads (actors ``0..n_leads-1``), sorted by actor and time."""
    stage, start, duration = stage[:n_leads], start[:n_leads], duration[:n_leads]
    created, identified = created[:n_leads], identified[:n_leads]
    anchored = identifying_milestones(rng, types, stage, start, identified)
    later = conversion_milestones(rng, types, stage, start, duration)
    later += anytime_milestones(rng, types, stage, created)
    later_who = np.concatenate([p[0] for p in later]).astype(np.int64)
    later_ts = office_hours(rng, np.concatenate([p[2] for p in later]).astype(np.int64))
    later_ts = np.clip(later_ts, created[later_who], np.maximum(created[later_who], AS_OF_END))
    actor = np.concatenate([*(p[0] for p in anchored), later_who]).astype(np.int64)
    etype = np.concatenate([*(p[1] for p in anchored), *(p[1] for p in later)]).astype(np.int16)
    ts = np.concatenate([*(p[2] for p in anchored), later_ts]).astype(np.int64)
    order = np.lexsort((ts, actor))
    return Milestones(actor[order], etype[order], ts[order])


def hot_times(
    rng: np.random.Generator,
    stage: np.ndarray,
    start: np.ndarray,
    duration: np.ndarray,
    milestones: Milestones,
    types: EventTypes,
    n_leads: int,
) -> np.ndarray:
    """When sales would first notice each lead: first conversion, else late or mid journey."""
    stage, start, duration = stage[:n_leads], start[:n_leads], duration[:n_leads]
    share = np.where(stage >= 3, rng.uniform(0.75, 1.0, n_leads), rng.uniform(0.2, 1.0, n_leads))
    hot = start + (share * duration).astype(np.int64)
    converting = types.mask(["demo_request", "trial_signup", "checkout_abandoned"])[milestones.etype]
    np.minimum.at(hot, milestones.actor[converting], milestones.ts[converting])
    return hot


def event_weights(rng: np.random.Generator, stage: np.ndarray, n_leads: int) -> np.ndarray:
    """Relative event volume per actor: more engaged leads do more."""
    weights = np.exp(0.45 * stage + rng.normal(0, 0.7, len(stage)))
    ghosts = np.arange(len(stage)) >= n_leads
    return np.where(ghosts, 0.35 * np.exp(rng.normal(0, 0.5, len(stage))), weights)


def make_plan(rng: np.random.Generator, leads: Leads, types: EventTypes, clean_events: int) -> Plan:
    """Draw the journeys of all leads and of ``~0.3 * leads`` never-identified visitors."""
    n = len(leads)
    n_ghosts = round(0.3 * n)
    ghost_stage = categorical(rng, GHOST_STAGE_SHARES, n_ghosts).astype(np.int8)
    stage = np.concatenate([peak_stages(rng, leads), ghost_stage])
    start, duration = journey_windows(rng, n, n_ghosts)
    identified, anon = anonymous_phase(rng, stage, start, duration, n)
    early = np.maximum(START, start - (rng.random(len(stage)) * 2 * DAY).astype(np.int64))
    created = np.where(identified >= 0, identified, early)
    created[n:] = NEVER
    milestones = milestone_events(rng, types, stage, start, duration, created, identified, n)
    weights = event_weights(rng, stage, n)
    budget = max(clean_events - len(milestones.actor), 0)
    count = rng.poisson(weights * budget / max(weights.sum(), 1e-9)).astype(np.int64)
    intent = leads.intent
    focus = 0.7 + 0.25 * sigmoid(1.5 * np.abs(intent[:, 0] - intent[:, 1]))
    ghost_product = rng.integers(0, len(PRODUCTS), n_ghosts)
    return Plan(
        n_leads=n,
        stage=stage,
        start=start,
        duration=duration,
        created=created,
        identified=identified,
        anon=anon,
        lead_number=np.full(n + n_ghosts, -1, dtype=np.int64),
        country=np.concatenate([leads.country, np.zeros(n_ghosts)]).astype(np.int16),
        product=np.concatenate([intent.argmax(axis=1), ghost_product]).astype(np.int8),
        focus=np.concatenate([focus, np.full(n_ghosts, 0.8)]).astype(np.float32),
        background=np.where(np.arange(len(stage)) < n, np.array(BACKGROUND_SHARE)[stage], 0.0),
        job_seeker=np.concatenate([leads.job_seeker, rng.random(n_ghosts) < 0.05]),
        count=count,
        milestones=milestones,
        hot=hot_times(rng, stage, start, duration, milestones, types, n),
    )


def chunk_bounds(rows: np.ndarray, target: int) -> list[tuple[int, int]]:
    """Consecutive actor ranges holding about ``target`` event rows each."""
    cum = np.cumsum(rows)
    total = int(cum[-1]) if len(cum) else 0
    cuts = np.searchsorted(cum, np.arange(target, total, target), side="left") + 1
    edges = np.unique(np.concatenate([[0], cuts, [len(rows)]]))
    return [(int(a), int(b)) for a, b in itertools.pairwise(edges)]


@dataclass
class ChunkContext:
    """Everything ``expand_chunk`` needs besides the plan."""

    types: EventTypes
    slots: ContentSlots
    mix_table: np.ndarray
    web: np.ndarray  # per type code: cookie-visible web event
    email: np.ndarray
    url_only: np.ndarray
    late_ok: np.ndarray


def chunk_context(types: EventTypes, content: Content) -> ChunkContext:
    """Precompute lookup arrays shared by all chunks."""
    return ChunkContext(
        types=types,
        slots=content_slots(content, types),
        mix_table=types.mix_table(),
        web=types.mask(WEB_TYPES),
        email=types.mask(EMAIL_TYPES),
        url_only=types.mask(URL_ONLY_TYPES),
        late_ok=types.mask(["newsletter_open", "email_open"]),
    )


def regular_events(
    rng: np.random.Generator, plan: Plan, ctx: ChunkContext, a0: int, a1: int
) -> dict[str, np.ndarray]:
    """Journey and background events of actors ``a0..a1-1``: actor, type, time, level."""
    actor = np.repeat(np.arange(a0, a1), plan.count[a0:a1])
    m = len(actor)
    stage = plan.stage[actor]
    background = rng.random(m) < plan.background[actor]
    position = rng.beta(2.0, 2.5, m)
    journey_ts = plan.start[actor] + (position * plan.duration[actor]).astype(np.int64)
    created = np.minimum(plan.created[actor], AS_OF_END)
    background_ts = created + (rng.random(m) * (AS_OF_END - created)).astype(np.int64)
    ts = office_hours(rng, np.where(background, background_ts, journey_ts))
    level = np.clip(np.rint(stage * position**0.8 + rng.normal(0, 0.6, m)), 0, stage)
    noise = (level == 0) | (rng.random(m) < NOISE_SHARE)
    mix = np.select(
        [background, noise & plan.job_seeker[actor], noise],
        [MIX_BACKGROUND, MIX_JOB_SEEKER, MIX_NOISE],
        MIX_IDEATION + np.minimum(level, 3).astype(np.int64) - 1,
    )
    etype = categorical_by_group(rng, mix, ctx.mix_table)
    level = np.where(noise | background, 0, np.minimum(level, 3)).astype(np.int64)
    floor = np.where(background | (plan.identified[actor] < 0), plan.created[actor], START)
    ts = np.clip(ts, np.minimum(floor, AS_OF_END), AS_OF_END)
    late = background & ctx.late_ok[etype] & (rng.random(m) < LATE_SHARE)
    late_ts = AS_OF_END + 1 + (rng.random(m) * (EXPORT_AT - AS_OF_END - 1)).astype(np.int64)
    ts = np.where(late, late_ts, ts)
    return {"actor": actor, "etype": etype, "ts": ts, "level": level}


def milestone_rows(plan: Plan, a0: int, a1: int) -> dict[str, np.ndarray]:
    """Milestone events of actors ``a0..a1-1`` in the layout of ``regular_events``."""
    ms = plan.milestones
    lo, hi = np.searchsorted(ms.actor, [a0, a1])
    etype = ms.etype[lo:hi].astype(np.int64)
    return {
        "actor": ms.actor[lo:hi],
        "etype": etype,
        "ts": ms.ts[lo:hi],
        "level": np.zeros(hi - lo, dtype=np.int64),
    }


def expand_chunk(
    rng: np.random.Generator, plan: Plan, ctx: ChunkContext, a0: int, a1: int, first_event: int
) -> dict[str, np.ndarray]:
    """Clean event rows of actors ``a0..a1-1`` as numeric columns, ordered by time."""
    regular, milestone = regular_events(rng, plan, ctx, a0, a1), milestone_rows(plan, a0, a1)
    rows = {k: np.concatenate([regular[k], milestone[k]]) for k in regular}
    actor, ts, etype = rows["actor"], rows["ts"], rows["etype"]
    m = len(actor)
    anonymous = ts < plan.identified[actor]
    page_view = ctx.types.code["page_view"]
    etype = np.where(anonymous & ~ctx.web[etype], page_view, etype)
    product = np.where(rng.random(m) < plan.focus[actor], plan.product[actor], 1 - plan.product[actor])
    product = np.where(rows["level"] > 0, product, GENERAL)
    is_milestone = np.arange(m) >= len(regular["actor"])
    product = np.where(is_milestone, plan.product[actor], product)
    content = pick_from_slots(
        rng,
        ContentSlots.key(etype, product, rows["level"]),
        ctx.slots.offsets,
        ctx.slots.sizes,
        ctx.slots.pool,
    )
    keep_cookie = ctx.web[etype] & (rng.random(m) < 0.6)
    tagged = ctx.web[etype] & (rng.random(m) < np.where(anonymous, 0.25, 0.15))
    utm = np.where(tagged, rng.choice([0, 1, 3, 4], m), -1)
    utm = np.where(etype == ctx.types.code["email_click"], UTM_EMAIL, utm)
    order = np.argsort(ts, kind="stable")
    columns = {
        "eid": first_event + np.arange(m, dtype=np.int64),
        "lead": np.where(anonymous, -1, plan.lead_number[actor])[order],
        "anon": np.where(anonymous | keep_cookie, plan.anon[actor], -1)[order],
        "etype": etype[order],
        "ts": ts[order],
        "content": content[order],
        "with_id": ((content >= 0) & ~ctx.url_only[etype])[order],
        "utm": np.where(content >= 0, utm, -1)[order],
        "country": np.where(ctx.email[etype], plan.country[actor], -1)[order],
    }
    return shrink(columns)


def shrink(columns: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Narrow dtypes for the hand-over to DuckDB."""
    narrow = {
        "lead": np.int64,
        "anon": np.int64,
        "etype": np.int16,
        "content": np.int16,
        "utm": np.int8,
        "country": np.int16,
    }
    return {k: v.astype(narrow.get(k, v.dtype), copy=False) for k, v in columns.items()}
