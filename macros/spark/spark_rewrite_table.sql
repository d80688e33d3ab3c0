{#- Replace a Spark table's rows by a query that may read the table itself (Spark refuses to
    overwrite a table a query is reading): the rows go to <table>__dbt_rewrite first. Plain
    Parquet tables have no UPDATE, DELETE or MERGE; this is how they change in place. -#}
{% macro spark_rewrite_table(relation, select_sql) -%}
    {%- set rewrite = relation.incorporate(path={'identifier': relation.identifier ~ '__dbt_rewrite'}) -%}
    {%- do run_query('drop table if exists ' ~ rewrite) -%}
    {%- do run_query('create table ' ~ rewrite ~ ' using parquet as ' ~ select_sql) -%}
    {%- do run_query('insert overwrite table ' ~ relation ~ ' select * from ' ~ rewrite) -%}
    {%- do run_query('drop table if exists ' ~ rewrite) -%}
{%- endmacro %}
