{#- The moment this build started, as a timestamp literal: the bound for "in the future". -#}
{% macro build_started_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as {{ api.Column.translate_type('timestamp') }})
{%- endmacro %}
