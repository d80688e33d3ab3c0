{% macro regex_group(groups, number) -%}
    {{ return(adapter.dispatch('regex_group', 'leadscore')(groups, number)) }}
{%- endmacro %}


{% macro duckdb__regex_group(groups, number) -%}
    nullif(struct_extract({{ groups }}, 'g{{ number }}'), '')
{%- endmacro %}


{% macro postgres__regex_group(groups, number) -%}
    nullif(({{ groups }})[{{ number }}], '')
{%- endmacro %}


{% macro spark__regex_group(groups, number) -%}
    nullif(element_at({{ groups }}, {{ number }}), '')
{%- endmacro %}
