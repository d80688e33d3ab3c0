{#- The last moment of the as_of date: what happened on that date is in. -#}
{% macro as_of_end() -%}
    {{ dbt.dateadd('second', 86399, dbt.cast(as_of_date(), api.Column.translate_type('timestamp'))) }}
{%- endmacro %}
