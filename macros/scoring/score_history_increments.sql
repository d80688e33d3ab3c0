{#- int_lead_score_history is incremental; these macros decide which stored rows still hold. -#}

{#- The fingerprint a lead and model's history rows were computed from: its inputs
    (int_lead_score_history_inputs) and the history model's own code, so a change to either
    recomputes its history. -#}
{% macro score_history_fingerprint(inputs) -%}
    {{ row_hash([inputs ~ '.inputs_fingerprint', "'" ~ model.checksum.checksum ~ "'"]) }}
{%- endmacro %}


{#- The last rows int_lead_score_history keeps from its build before (lead, model, moment): on
    an incremental build its stored rows with a fingerprint, else none. -#}
{% macro kept_score_history_ends() -%}
    {%- if is_incremental() -%}
        select
            lead_id,
            scoring_model_id,
            moment_at
        from {{ this }}
        where inputs_fingerprint is not null
    {%- else -%}
        {%- set string_type = api.Column.translate_type('string') -%}
        select
            cast(null as {{ string_type }}) as lead_id,
            cast(null as {{ string_type }}) as scoring_model_id,
            cast(null as {{ api.Column.translate_type('timestamp') }}) as moment_at
        where 1 = 0
    {%- endif -%}
{%- endmacro %}


{#- The pre-hook of int_lead_score_history: forget every row of a lead and model whose inputs
    changed (or that is no longer scored: erased, or its model removed). Its last row (at the
    end of as_of) carries the fingerprint it was computed from; the build recomputes the
    history of every lead and model left without one. A table of the shape before the history
    was incremental (no fingerprint) is emptied and given the column: that build computes
    every history, and no --full-refresh is needed. -#}
{% macro forget_stale_score_history() -%}
    {%- if is_incremental() -%}
        {%- set stored = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- if 'inputs_fingerprint' not in stored -%}
            delete from {{ this }};
            alter table {{ this }} add column inputs_fingerprint {{ api.Column.translate_type('string') }};
        {%- else -%}
            delete from {{ this }} as history
            using (
                select
                    stored.lead_id,
                    stored.scoring_model_id
                from {{ this }} as stored
                left join {{ ref('int_lead_score_history_inputs') }} as inputs
                    on stored.lead_id = inputs.lead_id
                        and stored.scoring_model_id = inputs.scoring_model_id
                        and stored.inputs_fingerprint = {{ score_history_fingerprint('inputs') }}
                where stored.inputs_fingerprint is not null and inputs.lead_id is null
            ) as stale
            where history.lead_id = stale.lead_id and history.scoring_model_id = stale.scoring_model_id
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#- The last post-hook of int_lead_score_history: forget the last rows of an earlier as_of (each
    kept lead and model got its row at this as_of in this build). -#}
{% macro forget_ended_score_history() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where inputs_fingerprint is not null and moment_at <> {{ as_of_end() }}
    {%- else -%}
        {#- A hook runs what it returns: nothing more to do. -#}
        select 1 as done
    {%- endif -%}
{%- endmacro %}
