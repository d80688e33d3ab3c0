{#- The columns staging reads from a raw table: the contract's (models/staging/raw/
    _raw__sources.yml, config.meta), then, for leads and companies, the custom attributes the
    scorecard declares (seeds/scorecard/fit_attributes.csv, read through its staging model,
    behind the scorecard gate) that the raw table has. Each is a
    dict: name, type, key, required, whole, min, max, references, future_ok, custom.
    Empty while dbt parses (the graph and the warehouse are only read at run time). -#}
{% macro raw_contract_columns(table) -%}
    {%- set columns = [] -%}
    {%- if not execute -%}{{ return(columns) }}{%- endif -%}
    {%- set node = graph.sources.get('source.' ~ project_name ~ '.raw.' ~ table) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error('The raw contract has no table ' ~ table) }}
    {%- endif -%}
    {%- for name, column in node.columns.items() -%}
        {%- set meta = (column.config or {}).get('meta') or column.meta or {} -%}
        {%- do columns.append({
            'name': name | lower,
            'type': meta.get('type', 'text'),
            'required': meta.get('required', false),
            'key': meta.get('key', false),
            'whole': meta.get('whole', false),
            'min': meta.get('min'),
            'max': meta.get('max'),
            'references': meta.get('references'),
            'future_ok': meta.get('future_ok', false),
            'custom': false,
        }) -%}
    {%- endfor -%}
    {%- do columns.extend(raw_contract_columns__custom(table, columns | map(attribute='name') | list)) -%}
    {{ return(columns) }}
{%- endmacro %}


{#- Custom attributes: columns of raw.leads / raw.companies beyond the contract that
    fit_attributes declares (attribute = the column, case ignored; describes lead or company),
    typed by its data_type: text, number, boolean or date. -#}
{% macro raw_contract_columns__custom(table, contract_names) -%}
    {%- set describes = {'leads': 'lead', 'companies': 'company'}.get(table) -%}
    {%- if describes is none -%}{{ return([]) }}{%- endif -%}
    {%- set attributes = ref('stg_scorecard__fit_attributes') -%}
    {#- Not built yet (a compile or lint before the first build): no custom attributes. -#}
    {%- if load_relation(attributes) is none -%}{{ return([]) }}{%- endif -%}
    {%- set declared = run_query(
        'select attribute, data_type from ' ~ attributes ~ " where describes = '" ~ describes ~ "'"
    ) -%}
    {%- set present = raw_relation_columns(table) -%}
    {%- set types = {'text': 'text', 'number': 'number', 'boolean': 'boolean', 'date': 'timestamp'} -%}
    {%- set columns = [] -%}
    {%- for row in declared.rows -%}
        {%- if row[0] in present and row[0] not in contract_names and row[1] in types -%}
            {%- do columns.append({
                'name': row[0], 'type': types[row[1]], 'required': false, 'key': false, 'whole': false,
                'min': none, 'max': none, 'references': none, 'future_ok': true, 'custom': true,
            }) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}
