"""Small lookup tables that turn the world's numeric codes into text inside DuckDB."""

from __future__ import annotations

import duckdb

from .firms import industry_nouns
from .people import name_pools, title_pool
from .seeds import Seeds
from .sql import temp_table
from .vocab import (
    ACTIVITY_TYPES,
    BOOLEAN_SPELLINGS,
    COUNTRIES,
    DEPARTMENTS,
    DISQUALIFIED_REASONS,
    ERASED_ELSEWHERE_DOMAINS,
    INDUSTRIES,
    LEAD_SOURCES,
    NAME_PREFIXES,
    NAME_SUFFIXES,
    OPPORTUNITY_STAGES,
    PRODUCTS,
    SENIORITIES,
    UNKNOWN_EVENT_TYPES,
    UTM_QUERIES,
)


def indexed(values: tuple[str, ...] | list[str], **extra: list[object]) -> dict[str, object]:
    """Columns ``idx`` (0..n-1) and ``name`` plus any extra columns."""
    return {"idx": list(range(len(values))), "name": list(values), **extra}


def capitalised(name: str) -> str:
    """``pricing_view`` -> ``Pricing_View``; ``e-commerce`` -> ``E-Commerce``."""
    return "_".join(part.title() for part in name.split("_"))


def messy_spellings(name: str) -> list[str]:
    """Case and whitespace variants of an event type as some exports write them."""
    return [" " + capitalised(name), name.upper() + " ", "  " + name, capitalised(name)]


def create_lookups(con: duckdb.DuckDBPyConnection, seeds: Seeds) -> None:
    """Create every lookup table the SQL renderers join to."""
    firsts, lasts, _ = name_pools()
    titles, depts, seniorities, _, _ = title_pool()
    nouns, _, _ = industry_nouns()
    content = seeds.content
    tables: dict[str, dict[str, object]] = {
        "lk_country": {
            "idx": list(range(len(COUNTRIES))),
            "code": [c.code for c in COUNTRIES],
            "tld": [c.tld for c in COUNTRIES],
            "legal": [c.legal for c in COUNTRIES],
        },
        "lk_industry": indexed([i.name for i in INDUSTRIES], title=[capitalised(i.name) for i in INDUSTRIES]),
        "lk_prefix": {"idx": list(range(len(NAME_PREFIXES))), "word": list(NAME_PREFIXES)},
        "lk_suffix": {"idx": list(range(len(NAME_SUFFIXES))), "word": list(NAME_SUFFIXES)},
        "lk_noun": {"idx": list(range(len(nouns))), "word": list(nouns)},
        "lk_first": indexed(firsts),
        "lk_last": indexed(lasts),
        "lk_title": {
            "idx": list(range(len(titles))),
            "title": list(titles),
            "department": [DEPARTMENTS[d] for d in depts],
            "seniority": [SENIORITIES[s] for s in seniorities],
        },
        "lk_free": {
            "idx": list(range(len(seeds.free_mail_domains))),
            "domain": list(seeds.free_mail_domains),
        },
        "lk_gone": {
            "idx": list(range(len(ERASED_ELSEWHERE_DOMAINS))),
            "domain": list(ERASED_ELSEWHERE_DOMAINS),
        },
        "lk_source": indexed([name for name, _ in LEAD_SOURCES]),
        "lk_etype": indexed(seeds.event_types, messy=[messy_spellings(name) for name in seeds.event_types]),
        "lk_unknown": indexed(UNKNOWN_EVENT_TYPES),
        "lk_content": {
            "idx": list(range(len(content.content_id))),
            "content_id": list(content.content_id),
            "url_path": list(content.url_path),
        },
        "lk_utm": {"idx": list(range(len(UTM_QUERIES))), "query": list(UTM_QUERIES)},
        "lk_activity": indexed([name for name, _ in ACTIVITY_TYPES]),
        "lk_bool": {
            "idx": list(range(len(BOOLEAN_SPELLINGS))),
            "yes": [s[0] for s in BOOLEAN_SPELLINGS],
            "no": [s[1] for s in BOOLEAN_SPELLINGS],
        },
        "lk_reason": {
            "idx": list(range(len(DISQUALIFIED_REASONS))),
            "reason": list(DISQUALIFIED_REASONS),
        },
        "lk_product": indexed(PRODUCTS),
        "lk_stage": indexed(OPPORTUNITY_STAGES),
    }
    for name, data in tables.items():
        temp_table(con, name, data)
