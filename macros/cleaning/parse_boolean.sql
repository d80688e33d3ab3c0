{#- Booleans as CRMs export them: true/false, t/f, yes/no, y/n, 1/0, any case. -#}
{% macro parse_boolean(expr) -%}
    case
        when {{ clean_lower(expr) }} in ('true', 't', 'yes', 'y', '1') then true
        when {{ clean_lower(expr) }} in ('false', 'f', 'no', 'n', '0') then false
    end
{%- endmacro %}

{% macro is_unparseable_boolean(expr) -%}
    ({{ clean_text(expr) }} is not null and ({{ parse_boolean(expr) }}) is null)
{%- endmacro %}
