{#- The materialization of a model kept incrementally (int_event_rule_matches,
    int_lead_score_history): incremental where the engine can delete stored rows, else a table
    rebuilt on every build. -#}
{% macro incremental_materialization() -%}
    {{ return(adapter.dispatch('incremental_materialization', 'leadscore')()) }}
{%- endmacro %}


{% macro default__incremental_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}


{#- Spark's default parquet tables can neither delete nor merge rows (Delta tables can: see
    the README on clusters). -#}
{% macro spark__incremental_materialization() -%}
    {{ return('table') }}
{%- endmacro %}
