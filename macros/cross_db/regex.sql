{#- Regular expressions, one spelling per engine. Patterns in models are plain string literals
    without backslashes (use [0-9], [.]) so they mean the same on every engine. -#}

{% macro regex_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'leadscore')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}

{#- Operands in parentheses: on PostgreSQL ~ and || bind alike, so an unbracketed
    concatenated pattern would be matched piecewise. -#}
{% macro postgres__regex_matches(expr, pattern) -%}
    (({{ expr }}) ~ ({{ pattern }}))
{%- endmacro %}

{% macro spark__regex_matches(expr, pattern) -%}
    (({{ expr }}) rlike ({{ pattern }}))
{%- endmacro %}


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


{% macro regex_replace_all(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace_all', 'leadscore')(expr, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro spark__regex_replace_all(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}


{#- All capture groups of a pattern at once (the pattern is matched once per value), read
    back one by one with regex_group: null when the group took no part in the match or the
    value did not match. -#}
{% macro regex_groups(expr, pattern, group_count) -%}
    {{ return(adapter.dispatch('regex_groups', 'leadscore')(expr, pattern, group_count)) }}
{%- endmacro %}

{% macro duckdb__regex_groups(expr, pattern, group_count) -%}
    regexp_extract({{ expr }}, {{ pattern }}, [{% for i in range(1, group_count + 1) %}'g{{ i }}'{{ ', ' if not loop.last }}{% endfor %}])
{%- endmacro %}

{% macro postgres__regex_groups(expr, pattern, group_count) -%}
    regexp_match({{ expr }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_groups(expr, pattern, group_count) -%}
    array({% for i in range(1, group_count + 1) %}regexp_extract({{ expr }}, {{ pattern }}, {{ i }}){{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}

{% macro regex_group(groups, number) -%}
    {{ return(adapter.dispatch('regex_group', 'leadscore')(groups, number)) }}
{%- endmacro %}

{% macro duckdb__regex_group(groups, number) -%}
    nullif(struct_extract({{ groups }}, 'g{{ number }}'), '')
{%- endmacro %}

{% macro postgres__regex_group(groups, number) -%}
    nullif(({{ groups }})[{{ number }}], '')
{%- endmacro %}

{% macro spark__regex_group(groups, number) -%}
    nullif(element_at({{ groups }}, {{ number }}), '')
{%- endmacro %}
