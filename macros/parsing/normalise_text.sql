{#- The one text normalisation, applied to every raw text value before it is compared, parsed or
    staged (keys, emails, domains, codes, free text, custom attributes) and to the scorecard
    seeds' values:
      1. Unicode NFKC (full-width and compatibility forms become their plain letters);
      2. every whitespace or line-separator character (tab, CR, LF, no-break space, U+2028, ...)
         becomes a plain space;
      3. control and invisible format characters (zero-width space and joiners, BOM, soft
         hyphen, bidi marks) are removed;
      4. leading and trailing spaces are trimmed, and an empty result is null.
    Plain printable ASCII (almost every value) takes a fast path that only trims. -#}
{% macro normalise_text(expr) -%}
    {{ return(adapter.dispatch('normalise_text', 'leadscore')(expr)) }}
{%- endmacro %}

{% macro default__normalise_text(expr) -%}
    case
        when {{ regex_matches(expr, "'^[ -~]*$'") }} then nullif(trim({{ expr }}), '')
        else nullif(trim(
            {{ regex_replace_all(
                regex_replace_all(nfkc(expr), "'" ~ character_class('whitespace') ~ "'", "' '"),
                "'" ~ character_class('invisible') ~ "'",
                "''"
            ) }}
        ), '')
    end
{%- endmacro %}

{#- Normalised and lower-cased: codes, categories, emails, domains. -#}
{% macro normalise_lower(expr) -%}
    lower({{ normalise_text(expr) }})
{%- endmacro %}


{#- Unicode NFKC of a text value, per engine (Spark has no NFKC function: there the loader's
    input is taken as it comes, and steps 2-4 still apply). -#}
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


{#- A regular-expression character class of code points, in the engine's escape syntax.
    whitespace: becomes a space; invisible: removed (see normalise_text). -#}
{% macro character_class(name) -%}
    {%- set classes = {
        'whitespace': [('0009', '000D'), ('0085',), ('00A0',), ('1680',), ('2000', '200A'),
                       ('2028', '2029'), ('202F',), ('205F',), ('3000',)],
        'invisible': [('0001', '0008'), ('000E', '001F'), ('007F', '0084'), ('0086', '009F'),
                      ('00AD',), ('061C',), ('180E',), ('200B', '200F'), ('202A', '202E'),
                      ('2060', '2064'), ('2066', '206F'), ('FEFF',), ('FFF9', 'FFFB')],
    } -%}
    {%- set parts = [] -%}
    {%- for span in classes[name] -%}
        {%- set ends = [] -%}
        {%- for hex in span -%}{%- do ends.append(code_point(hex) | trim) -%}{%- endfor -%}
        {%- do parts.append(ends | join('-')) -%}
    {%- endfor -%}
    [{{ parts | join('') }}]
{%- endmacro %}

{% macro code_point(hex) -%}
    {{ return(adapter.dispatch('code_point', 'leadscore')(hex)) }}
{%- endmacro %}

{% macro default__code_point(hex) -%}
    \u{{ hex }}
{%- endmacro %}

{% macro duckdb__code_point(hex) -%}
    \x{ {{- hex -}} }
{%- endmacro %}

{% macro spark__code_point(hex) -%}
    \\x{ {{- hex -}} }
{%- endmacro %}
