{#- A score lies in a band (score_bands): lower bound included, upper excluded, a missing
    bound open. The one place scores meet their bands. -#}
{% macro in_band(band, score) -%}
    ({{ band }}.lower_bound is null or {{ score }} >= {{ band }}.lower_bound)
    and ({{ band }}.upper_bound is null or {{ score }} < {{ band }}.upper_bound)
{%- endmacro %}
