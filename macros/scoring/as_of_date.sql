{#- The scoring date (SPEC section 4): var('as_of'), a date. Everything that happened on or
    before it is scored; ages are whole days before it. -#}
{% macro as_of_date() -%}
    cast('{{ var("as_of") }}' as date)
{%- endmacro %}
