{#- Seed CSV columns the seed's yml documents but the CSV lacks. -#}
{% macro scorecard_column_problems() -%}
    {%- set rows = [] -%}
    {%- if execute -%}
        {%- for seed in scorecard_seeds() -%}
            {%- set present = adapter.get_columns_in_relation(ref(seed)) | map(attribute='name') | map('lower') | list -%}
            {%- for name in scorecard_seed_columns(seed) if name not in present -%}
                {%- do rows.append((seed, name, present | join(', '))) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    {%- for seed, name, present in rows %}
    select
        '{{ seed }}' as seed,
        '{{ seed }}' as seed_row,
        '{{ name }}' as column_name,
        'the CSV has no column {{ name }} (its columns: {{ present | replace("'", "''") }})' as problem,
        1 as problem_rank,
        'error' as severity
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {%- if rows | length == 0 %}
    select
        cast(null as {{ dbt.type_string() }}) as seed,
        cast(null as {{ dbt.type_string() }}) as seed_row,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as problem,
        1 as problem_rank,
        cast(null as {{ dbt.type_string() }}) as severity
    where 1 = 0
    {%- endif %}
{%- endmacro %}
