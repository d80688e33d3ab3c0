{#- Unicode NFKC of a text value, per engine. -#}
{% macro nfkc(expr) -%}
    {{ return(adapter.dispatch('nfkc', 'leadscore')(expr)) }}
{%- endmacro %}


{% macro default__nfkc(expr) -%}
    {{ expr }}
{%- endmacro %}


{% macro duckdb__nfkc(expr) -%}
    leadscore_nfkc({{ expr }})
{%- endmacro %}


{% macro postgres__nfkc(expr) -%}
    normalize({{ expr }}, nfkc)
{%- endmacro %}


{#- Spark has no NFKC function, but it ships ICU4J (its collations use it): ICU's static
    Normalizer.compose(text, compat = true) is NFKC, reached through reflect. It fails on null,
    so null is passed by; and since Spark may call reflect before the case decides (it did,
    grouping by a normalised key), reflect itself is never given a null. -#}
{% macro spark__nfkc(expr) -%}
    case
        when {{ expr }} is not null
            then reflect('com.ibm.icu.text.Normalizer', 'compose', coalesce({{ expr }}, ''), true)
    end
{%- endmacro %}
