{#- dbt.cast on Spark, with the type spelled the Spark way (spark_data_type): model contracts
    compare their yml types with the model's through it. -#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ spark_data_type(type) }})
{%- endmacro %}
