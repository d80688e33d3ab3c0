{#- The scorecard seeds, in the order their checks are reported. -#}
{% macro scorecard_seeds() -%}
    {{ return(['scoring_models', 'score_bands', 'fit_attributes', 'rule_operators', 'fit_rules',
               'event_types', 'content_catalog', 'engagement_rules', 'buyer_stages',
               'free_mail_domains']) }}
{%- endmacro %}

{#- The columns a seed must have: the ones its yml documents (seeds/scorecard/_scorecard__seeds.yml). -#}
{% macro scorecard_seed_columns(seed) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {{ return(graph.nodes['seed.' ~ project_name ~ '.' ~ seed].columns.keys() | map('lower') | list) }}
{%- endmacro %}

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
