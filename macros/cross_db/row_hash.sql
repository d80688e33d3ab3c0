{#- A hash of the values of several columns, as text: equal for equal values (nulls included),
    different otherwise but for a 2^-64 (DuckDB, Spark) or 2^-128 (md5) chance. -#}
{% macro row_hash(columns) -%}
    {{ return(adapter.dispatch('row_hash', 'leadscore')(columns)) }}
{%- endmacro %}


{% macro default__row_hash(columns) -%}
    {{ dbt.hash(dbt.concat(column_texts(columns, api.Column.translate_type('string')))) }}
{%- endmacro %}


{#- DuckDB's own hash of the values, twenty times cheaper than md5 of their text. -#}
{% macro duckdb__row_hash(columns) -%}
    cast(hash({{ columns | join(', ') }}) as varchar)
{%- endmacro %}


{% macro spark__row_hash(columns) -%}
    cast(xxhash64({{ columns | join(', ') }}) as string)
{%- endmacro %}
