{#- One kind of problem in a scorecard seed, as a select of the problem rows:
      seed         the seed (CSV file)
      seed_row     the row, by its id ("fit_rules F003", "score_bands crm/fit/B")
      column_name  the column at fault
      problem      what is wrong, in the editor's own values
      problem_rank 1 the file's shape, 2 ids, 3 references to other seeds, 4 values: reported
                   in this order, so the first cause comes first
      severity     error (stops the build before anything is scored) or warning
    from_clause is the relation (with its where clause) the rows come from. -#}
{% macro scorecard_problem(seed, seed_row, column_name, problem, from_clause, rank=4, severity='error') -%}
    select
        '{{ seed }}' as seed,
        {{ seed_row }} as seed_row,
        '{{ column_name }}' as column_name,
        {{ problem }} as problem,
        {{ rank }} as problem_rank,
        '{{ severity }}' as severity
    from {{ from_clause }}
{%- endmacro %}
