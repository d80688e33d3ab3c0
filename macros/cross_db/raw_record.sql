{#- The raw values of a row as one JSON object in text, for the quarantine and the field issues:
    the row as it arrived, so nothing is lost even when it cannot be typed. Built with the
    engine's JSON functions, so any value (quotes, backslashes, control characters) stays
    valid JSON. fields: a list of (key, expression) pairs. -#}
{% macro raw_record(fields) -%}
    {{ return(adapter.dispatch('raw_record', 'leadscore')(fields)) }}
{%- endmacro %}


{% macro raw_record__json_key(key) -%}
    '{{ key | replace("'", "''") }}'
{%- endmacro %}


{% macro default__raw_record(fields) -%}
    cast(json_object(
        {%- for key, expr in fields %}
        {{ raw_record__json_key(key) }}, {{ expr }}{{ ',' if not loop.last }}
        {%- endfor %}
    ) as {{ dbt.type_string() }})
{%- endmacro %}


{#- PostgreSQL functions take at most 100 arguments: objects of 50 pairs, merged. -#}
{% macro postgres__raw_record(fields) -%}
    cast(
        {%- for chunk in fields | batch(50) %}
        jsonb_build_object(
            {%- for key, expr in chunk %}
            {{ raw_record__json_key(key) }}, {{ expr }}{{ ',' if not loop.last }}
            {%- endfor %}
        ){{ ' ||' if not loop.last }}
        {%- endfor %}
    as text)
{%- endmacro %}


{% macro spark__raw_record(fields) -%}
    to_json(named_struct(
        {%- for key, expr in fields %}
        {{ raw_record__json_key(key) }}, {{ expr }}{{ ',' if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}
