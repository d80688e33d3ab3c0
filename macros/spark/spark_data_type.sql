{#- A column type as Spark spells it. The project's yml names types the DuckDB and PostgreSQL
    way (varchar, float8); Spark 4 wants a length after varchar and knows no float8. -#}
{% macro spark_data_type(data_type) -%}
    {%- set names = {
        'varchar': 'string',
        'text': 'string',
        'character varying': 'string',
        'float8': 'double',
        'double precision': 'double',
        'float4': 'float',
        'real': 'float',
        'int4': 'int',
        'integer': 'int',
        'int8': 'bigint',
        'int2': 'smallint',
        'bool': 'boolean',
    } -%}
    {{- return(names.get(data_type | trim | lower, data_type)) -}}
{%- endmacro %}
