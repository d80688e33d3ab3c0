{#- Source freshness of the raw tables, whose columns are all text: each table's loaded_at_field
    names the text column that says when its rows happened, read here by the dispatched
    raw_loaded_at (unreadable values null, never an error; a row dated in the future is a clock
    error, no sign of a fresh load, and is left out). Replaces dbt's default__collect_freshness
    through the project's dispatch order. -#}
{% macro default__collect_freshness(source, loaded_at_field, filter) -%}
    {% call statement('collect_freshness', fetch_result=True, auto_begin=False) -%}
        select
            max(case
                when {{ raw_loaded_at(loaded_at_field) }} <= {{ dbt.current_timestamp() }}
                    then {{ raw_loaded_at(loaded_at_field) }}
            end) as max_loaded_at,
            {{ dbt.current_timestamp() }} as snapshotted_at
        from {{ source }}
        {% if filter %}
            where {{ filter }}
        {% endif %}
    {%- endcall %}
    {{ return(load_result('collect_freshness')) }}
{%- endmacro %}
