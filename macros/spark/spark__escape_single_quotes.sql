{#- Text for a Spark string literal. Spark reads backslash escapes in literals, so dbt-spark's
    version (quotes only) turns a unit test's '^\S+$' into '^S+$'; backslashes are escaped too. -#}
{% macro spark__escape_single_quotes(expression) -%}
    {{- expression | replace("\\", "\\\\") | replace("'", "\\'") -}}
{%- endmacro %}
