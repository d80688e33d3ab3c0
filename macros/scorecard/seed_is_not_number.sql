{#- True when the text is there but is no number (or no whole number of at least minimum). -#}
{% macro seed_is_not_number(text) -%}
    ({{ text }} is not null and ({{ seed_number(text) }}) is null)
{%- endmacro %}
