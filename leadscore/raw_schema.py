"""The raw contract (SPEC section 3): tables and columns of the `raw` schema.

Every raw column is text. Raw data lands as exported, dirt included (``"1,200"`` in a
numeric column, ``" Pricing_View"`` as an event type); the staging models parse, type and
validate it. Generators and importers write these tables; `models/staging/raw/_raw__sources.yml`
documents them. A test keeps the two in step.
"""

from __future__ import annotations

RAW_SCHEMA = "raw"

RAW_TABLES: dict[str, tuple[str, ...]] = {
    "companies": (
        "company_id",
        "name",
        "domain",
        "industry",
        "employee_count",
        "annual_revenue",
        "country",
        "created_at",
        "updated_at",
    ),
    "leads": (
        "lead_id",
        "email",
        "first_name",
        "last_name",
        "job_title",
        "department",
        "seniority",
        "country",
        "company_id",
        "company_name",
        "lead_source",
        "created_at",
        "updated_at",
    ),
    "events": (
        "event_id",
        "lead_id",
        "anonymous_id",
        "event_type",
        "occurred_at",
        "url",
        "content_id",
        "campaign_id",
    ),
    "identities": ("anonymous_id", "lead_id", "identified_at"),
    "opportunities": (
        "opportunity_id",
        "company_id",
        "lead_id",
        "proposition",
        "created_at",
        "stage",
        "is_won",
        "closed_at",
        "amount",
    ),
    "sales_qualifications": (
        "lead_id",
        "assessed_at",
        "has_budget",
        "has_authority",
        "has_need",
        "has_timeline",
        "is_sales_accepted",
        "disqualified_reason",
    ),
    "sales_activities": ("activity_id", "lead_id", "activity_type", "occurred_at"),
    "erasure_requests": ("email", "requested_at"),
}


def create_statements(schema: str = RAW_SCHEMA) -> list[str]:
    """DDL that creates the empty raw tables (all columns text)."""
    statements = [f"create schema if not exists {schema}"]
    for table, columns in RAW_TABLES.items():
        cols = ", ".join(f"{column} varchar" for column in columns)
        statements.append(f"create table if not exists {schema}.{table} ({cols})")
    return statements
