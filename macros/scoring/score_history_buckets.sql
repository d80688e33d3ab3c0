{#- How many statements build int_lead_score_history. Each computes the history of every n-th
    lead and model (its lead_model_key modulo n), so the memory one statement needs is bounded
    at any size: at 100 M events a single statement ran out of memory at DuckDB's 8 GB.
    LEADSCORE_HISTORY_BUCKETS is a whole number, or auto (the default): one statement per
    10 M engagement matches, rounded up, and one when the matches are not built yet. -#}
{% macro score_history_buckets() -%}
    {%- set setting = env_var('LEADSCORE_HISTORY_BUCKETS', 'auto') | string | trim | lower -%}
    {%- if setting != 'auto' -%}
        {%- if not setting.isdigit() or setting | int < 1 -%}
            {{ exceptions.raise_compiler_error(
                "LEADSCORE_HISTORY_BUCKETS must be auto or a whole number of at least 1, not '"
                ~ setting ~ "'"
            ) }}
        {%- endif -%}
        {{ return(setting | int) }}
    {%- endif -%}
    {%- set matches = ref('int_event_rule_matches') -%}
    {%- if not execute or model.resource_type != 'model'
        or adapter.get_relation(matches.database, matches.schema, matches.identifier) is none -%}
        {{ return(1) }}
    {%- endif -%}
    {%- set counted = run_query('select count(*) from ' ~ matches) -%}
    {{ return([1, ((counted.columns[0].values()[0] | int) + 9999999) // 10000000] | max) }}
{%- endmacro %}

{#- The filter that keeps the first bucket (0) of the leads and models; nothing when there is
    one. insert_score_history_buckets() finds it by its comment to build the others. -#}
{% macro score_history_bucket_filter(key, buckets) -%}
    {%- if buckets > 1 %}where {{ key }} % {{ buckets }} = 0 /* score history bucket */{% endif -%}
{%- endmacro %}

{#- The post-hook that adds buckets 1 to n-1 to the table bucket 0 created: the model's own
    compiled SQL with the bucket's number in its filter. n is read from that filter, so the
    hook builds exactly the buckets the model's statement was split for (no filter: one). -#}
{% macro insert_score_history_buckets() -%}
    {%- set found = modules.re.search(
        '% ([0-9]+) = 0 /[*] score history bucket [*]/', model.compiled_code or ''
    ) if execute else none -%}
    {%- set buckets = found.group(1) | int if found else 1 -%}
    {%- for bucket in range(1, buckets) -%}
        {%- call statement('score_history_bucket_' ~ bucket) -%}
            insert into {{ this }}
            select * from (
                {{ model.compiled_code | replace(
                    '= 0 /* score history bucket */', '= ' ~ bucket ~ ' /* score history bucket */'
                ) }}
            ) as bucket_rows
        {%- endcall -%}
    {%- endfor -%}
    {#- A hook runs what it returns: nothing more to do. -#}
    select 1 as done
{%- endmacro %}
