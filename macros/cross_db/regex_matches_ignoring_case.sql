{#- Matches ignoring case, without rewriting the pattern (lower-casing a pattern would turn
    \S into \s). Scorecard patterns go through this. -#}
{% macro regex_matches_ignoring_case(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches_ignoring_case', 'leadscore')(expr, pattern)) }}
{%- endmacro %}


{% macro default__regex_matches_ignoring_case(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }}, 'i')
{%- endmacro %}


{% macro postgres__regex_matches_ignoring_case(expr, pattern) -%}
    (({{ expr }}) ~* ({{ pattern }}))
{%- endmacro %}


{% macro spark__regex_matches_ignoring_case(expr, pattern) -%}
    (({{ expr }}) rlike concat('(?i)', {{ pattern }}))
{%- endmacro %}
