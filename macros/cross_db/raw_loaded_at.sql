{#- A raw text timestamp as a timestamp for source freshness (loaded_at_field of the raw
    sources): unreadable values are null, never an error. Freshness only needs the newest
    moment, so the plain ISO reading of each engine does; staging reads every other form. -#}
{% macro raw_loaded_at(column) -%}
    {{ return(adapter.dispatch('raw_loaded_at', 'leadscore')(column)) }}
{%- endmacro %}


{#- ISO dates only: a cast alone reads 'epoch' or 'infinity' as a moment. -#}
{% macro default__raw_loaded_at(column) -%}
    case
        when {{ regex_matches(column, "'^[0-9]{4}-[0-9]{2}-[0-9]{2}'") }}
            then try_cast({{ column }} as {{ api.Column.translate_type('timestamp') }})
    end
{%- endmacro %}


{#- PostgreSQL has no try_cast: a function made by the on-run-start hook catches the error. -#}
{% macro postgres__raw_loaded_at(column) -%}
    {{ target.schema }}.leadscore_to_timestamp({{ column }})
{%- endmacro %}
