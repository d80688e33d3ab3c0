{#- 1 for the copy of a key that wins among the rows that passed every check, null for
    rejected rows. order_by decides the winner and must be total (end it in raw_row_order). -#}
{% macro version_rank(partition_by, order_by) -%}
    case
        when rejection_reason is null
            then row_number() over (
                partition by {{ partition_by }}, (rejection_reason is null)
                order by {{ order_by }}
            )
    end
{%- endmacro %}
