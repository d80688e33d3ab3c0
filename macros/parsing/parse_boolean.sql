{#- Booleans as CRMs export them: true/false, t/f, yes/no, y/n, 1/0, on/off, any case. A
    placeholder such as "n/a" is missing (null); anything else is null here and reported as
    invalid_boolean. -#}
{% macro parse_boolean(text) -%}
    case
        when lower({{ text }}) in ('true', 't', 'yes', 'y', '1', 'on') then true
        when lower({{ text }}) in ('false', 'f', 'no', 'n', '0', 'off') then false
    end
{%- endmacro %}
