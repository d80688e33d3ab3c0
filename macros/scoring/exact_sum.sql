{#- The sum of points, the same whatever the order of the rows: each term is taken to 12
    decimals and added exactly as a decimal, then returned as a double. A double's sum depends
    on the order it adds in (a rebuild, an incremental build or another engine could differ in
    the last bits, and a snapshot would record a change that is none). -#}
{% macro exact_sum(expr) -%}
    cast(sum(cast({{ expr }} as decimal(38, 12))) as {{ type_double() }})
{%- endmacro %}
