{#- A seed read as normalised text (normalise_text), every documented column present (null
    when the CSV lacks it, which scorecard_column_problems reports), so no check can fail on a
    missing column and every check reads the values the staging models will read. -#}
{% macro read_scorecard_seed(seed) -%}
    {%- set relation = ref(seed) -%}
    {%- set present = {} -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- do present.update({column.name | lower: column.name}) -%}
        {%- endfor -%}
    {%- endif -%}
    select
        {%- for name in scorecard_seed_columns(seed) %}
        {% if name in present -%}
            {{ normalise_text('cast(' ~ adapter.quote(present[name]) ~ ' as ' ~ dbt.type_string() ~ ')') }}
        {%- else -%}
            cast(null as {{ dbt.type_string() }})
        {%- endif %} as {{ name }},
        {%- endfor %}
        1 as seed_row_present
    from {{ relation }}
{%- endmacro %}
