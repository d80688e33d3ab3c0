{#- A regular-expression character class of code points, in the engine's escape syntax.
    whitespace: becomes a space (tab to CR, next line, every Unicode space and line or paragraph
    separator); invisible: removed, every control character but those (Cc) and every format
    character (Cf, Unicode 15). PostgreSQL text cannot hold NUL, so its class starts at U+0001. -#}
{% macro character_class(name) -%}
    {%- set first_control = '0001' if target.type == 'postgres' else '0000' -%}
    {%- set classes = {
        'whitespace': [('0009', '000D'), ('0085',), ('00A0',), ('1680',), ('2000', '200A'),
                       ('2028', '2029'), ('202F',), ('205F',), ('3000',)],
        'invisible': [(first_control, '0008'), ('000E', '001F'), ('007F', '0084'), ('0086', '009F'),
                      ('00AD',), ('0600', '0605'), ('061C',), ('06DD',), ('070F',), ('0890', '0891'),
                      ('08E2',), ('180E',), ('200B', '200F'), ('202A', '202E'), ('2060', '2064'),
                      ('2066', '206F'), ('FEFF',), ('FFF9', 'FFFB'), ('110BD',), ('110CD',),
                      ('13430', '1343F'), ('1BCA0', '1BCA3'), ('1D173', '1D17A'), ('E0001',),
                      ('E0020', 'E007F')],
    } -%}
    {%- set parts = [] -%}
    {%- for span in classes[name] -%}
        {%- set ends = [] -%}
        {%- for hex in span -%}{%- do ends.append(character_class__code_point(hex) | trim) -%}{%- endfor -%}
        {%- do parts.append(ends | join('-')) -%}
    {%- endfor -%}
    [{{ parts | join('') }}]
{%- endmacro %}


{% macro character_class__code_point(hex) -%}
    {{ return(adapter.dispatch('character_class__code_point', 'leadscore')(hex)) }}
{%- endmacro %}


{% macro default__character_class__code_point(hex) -%}
    {%- if hex | length > 4 -%}\U{{ '%08X' | format(hex | int(base=16)) }}{%- else -%}\u{{ hex }}{%- endif -%}
{%- endmacro %}


{% macro duckdb__character_class__code_point(hex) -%}
    \x{ {{- hex -}} }
{%- endmacro %}


{% macro spark__character_class__code_point(hex) -%}
    \\x{ {{- hex -}} }
{%- endmacro %}
