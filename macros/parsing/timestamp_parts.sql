{#- Timestamps as exports write them, read the same way on every engine:
      ISO 8601 and its variants: 2026-05-31, 2026-05-31 14:05, 2026-05-31T14:05:09,
        0 to 9 fractional digits (kept to the microsecond), "/" or "." between date parts,
        and a zone: Z, UTC, +05:30, -0800, +05 (converted to UTC; no zone means UTC);
      day-first or month-first dates (31/05/2026, 05/31/2026 2:05 PM) when the var
        date_order is dmy or mdy; with the default ymd they are unreadable, never guessed;
      epoch seconds (9-10 digits, optionally with a fraction) and milliseconds (12-13 digits).
    A value that matches none of these, or names no real moment (2025-02-30, 24:00, month 13,
    year 0), is null; staging reports it as invalid_timestamp.

    Two steps, so each value is matched once: timestamp_parts (the pattern's groups) in one
    CTE, timestamp_from_parts in the next. -#}

{% macro timestamp_parts__pattern() -%}
    '^(?:([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})|([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4}))(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?(?: ?([AP]M))?)?(?: ?(Z|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?))?$|^([0-9]{9,10}(?:[.][0-9]{1,6})?|[0-9]{12,13})$'
{%- endmacro %}


{#- The 13 groups of timestamp_parts__pattern for a normalised text value. -#}
{% macro timestamp_parts(text) -%}
    {{ regex_groups('upper(' ~ text ~ ')', timestamp_parts__pattern(), 13) }}
{%- endmacro %}
