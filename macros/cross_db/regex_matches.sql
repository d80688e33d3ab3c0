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
