{#- The columns as text for dbt.concat, each followed by a separator, a null as "\N": the parts
    of a row's text for a fingerprint or hash, in which a null is apart from any value. -#}
{% macro column_texts(columns, string_type) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(cast(" ~ column ~ " as " ~ string_type ~ "), '\\N')") -%}
        {%- do parts.append("'|'") -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}
