{#- dbt.dateadd on Spark. dbt-spark's goes through unix seconds and to_timestamp(number), which
    cannot make a timestamp without time zone (the profile's `timestamp`); timestampadd keeps
    the type of its input, cast to the session's timestamp so a date gives a timestamp too. -#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    timestampadd({{ datepart }}, {{ interval }}, cast({{ from_date_or_timestamp }} as timestamp))
{%- endmacro %}
