{#- "value" quoted as the editor wrote it, for messages. -#}
{% macro seed_quoted(text) -%}
    {{ dbt.concat(["'\"'", "coalesce(" ~ text ~ ", '')", "'\"'"]) }}
{%- endmacro %}
