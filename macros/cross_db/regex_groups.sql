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
