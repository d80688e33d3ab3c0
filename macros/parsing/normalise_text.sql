{#- The one text normalisation, applied to every raw text value before it is compared, parsed or
    staged (keys, emails, domains, codes, free text, custom attributes) and to the scorecard
    seeds' values:
      1. control and invisible format characters (Unicode Cc and Cf: zero-width space and
         joiners, BOM, soft hyphen, bidi marks, tag characters, NUL where the engine can hold it)
         are removed, first, so none can hide inside a character NFKC composes;
      2. Unicode NFKC (full-width and compatibility forms become their plain letters);
      3. every whitespace or line-separator character (tab, CR, LF, no-break space, U+2028, ...)
         becomes a plain space;
      4. leading and trailing spaces are trimmed, and an empty result is null.
    Plain printable ASCII (almost every value) takes a fast path that only trims. A null takes
    none: on DuckDB, where NFKC is a Python function, the slow branch for a chunk's nulls alone
    cost as much as the rest of the normalisation (2 s more per column of 20 M values). -#}
{% macro normalise_text(expr) -%}
    {{ return(adapter.dispatch('normalise_text', 'leadscore')(expr)) }}
{%- endmacro %}


{% macro default__normalise_text(expr) -%}
    case
        when {{ expr }} is null then null
        when {{ regex_matches(expr, "'^[ -~]*$'") }} then nullif(trim({{ expr }}), '')
        else nullif(trim(
            {{ regex_replace_all(
                nfkc(regex_replace_all(expr, "'" ~ character_class('invisible') ~ "'", "''")),
                "'" ~ character_class('whitespace') ~ "'",
                "' '"
            ) }}
        ), '')
    end
{%- endmacro %}
