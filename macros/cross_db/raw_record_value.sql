{#- One value of a raw_record, as text. -#}
{% macro raw_record_value(record, key) -%}
    {{ return(adapter.dispatch('raw_record_value', 'leadscore')(record, key)) }}
{%- endmacro %}


{% macro default__raw_record_value(record, key) -%}
    json_extract_string({{ record }}, '$."{{ key }}"')
{%- endmacro %}


{% macro postgres__raw_record_value(record, key) -%}
    (cast({{ record }} as jsonb) ->> {{ raw_record__json_key(key) }})
{%- endmacro %}


{% macro spark__raw_record_value(record, key) -%}
    get_json_object({{ record }}, '$.{{ key }}')
{%- endmacro %}
