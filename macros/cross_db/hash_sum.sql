{#- An aggregate: the sum of a 64-bit hash of the columns over the group's rows, as text. The
    same whatever order the rows come in, so it fingerprints a set of rows (equal sets give
    equal sums; different ones differ but for a 2^-64 chance). Null when the group is empty. -#}
{% macro hash_sum(columns) -%}
    {{ return(adapter.dispatch('hash_sum', 'leadscore')(columns)) }}
{%- endmacro %}


{#- PostgreSQL: hashtextextended is its 64-bit text hash; the sum is a numeric. -#}
{% macro default__hash_sum(columns) -%}
    cast(sum(hashtextextended({{ dbt.concat(column_texts(columns, api.Column.translate_type('string'))) }}, 0))
        as {{ api.Column.translate_type('string') }})
{%- endmacro %}


{#- DuckDB's own hash; the sum of unsigned 64-bit values is a 128-bit integer. -#}
{% macro duckdb__hash_sum(columns) -%}
    cast(sum(hash({{ columns | join(', ') }})) as varchar)
{%- endmacro %}


{% macro spark__hash_sum(columns) -%}
    cast(sum(cast(xxhash64({{ columns | join(', ') }}) as decimal(38, 0))) as string)
{%- endmacro %}
