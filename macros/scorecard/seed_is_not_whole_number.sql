{% macro seed_is_not_whole_number(text, minimum) -%}
    (
        {{ text }} is not null
        and not coalesce(({{ seed_whole_number(text) }}) >= {{ minimum }}, false)
    )
{%- endmacro %}
