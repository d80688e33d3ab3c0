{#- The checks of score_bands: every scoring model has fit bands A-D and engagement levels 1-4
    that cover every score once, better bands higher. Reads the gate's CTEs score_bands and
    scorecard_model_ids. -#}
{% macro score_bands_problems() -%}
    with
    bands as (
        select
            lower(scoring_model_id) as model_key,
            lower(dimension) as dimension,
            upper(band) as band,
            lower_bound as lower_text,
            upper_bound as upper_text,
            {{ seed_number('lower_bound') }} as lower_bound,
            {{ seed_number('upper_bound') }} as upper_bound
        from score_bands
    ),
    labelled as (
        select
            *,
            {{ dbt.concat(["'score_bands '", "coalesce(model_key, '?')", "'/'", "coalesce(dimension, '?')",
                           "'/'", "coalesce(band, '?')"]) }} as seed_row
        from bands
    ),
    expected as (
        select scorecard_model_ids.model_key, labels.dimension, labels.band, labels.band_rank
        from scorecard_model_ids
        cross join (
            select 'fit' as dimension, 'A' as band, 1 as band_rank
            union all select 'fit', 'B', 2 union all select 'fit', 'C', 3 union all select 'fit', 'D', 4
            union all select 'engagement', '1', 1 union all select 'engagement', '2', 2
            union all select 'engagement', '3', 3 union all select 'engagement', '4', 4
        ) as labels
    ),
    -- Bands of unknown models or dimensions are reported once and left out of the order checks.
    known as (
        select labelled.*, expected.band_rank
        from labelled
        left join expected
            on labelled.model_key = expected.model_key
                and labelled.dimension = expected.dimension
                and labelled.band = expected.band
        where labelled.model_key in (select model_key from scorecard_model_ids)
            and labelled.dimension in ('fit', 'engagement')
    ),
    ordered as (
        select
            *,
            lead(lower_bound) over (
                partition by model_key, dimension order by lower_bound asc nulls first, band
            ) as next_lower,
            lead(lower_text) over (
                partition by model_key, dimension order by lower_bound asc nulls first, band
            ) as next_lower_text,
            lead(band_rank) over (
                partition by model_key, dimension order by lower_bound asc nulls first, band
            ) as next_rank,
            row_number() over (
                partition by model_key, dimension order by lower_bound asc nulls first, band
            ) as position_from_bottom,
            count(*) over (partition by model_key, dimension) as bands_in_dimension
        from known
    ),
    problems as (
        select seed_row, 'scoring_model_id' as column_name,
            {{ dbt.concat(["'unknown scoring model '", "coalesce(model_key, '')"]) }} as problem, 3 as problem_rank
        from labelled where model_key is null or model_key not in (select model_key from scorecard_model_ids)
        union all
        select seed_row, 'dimension', 'dimension must be fit or engagement', 4
        from labelled
        where model_key in (select model_key from scorecard_model_ids)
            and coalesce(dimension, '') not in ('fit', 'engagement')
        union all
        select seed_row, 'band', 'band must be A, B, C or D for fit and 1, 2, 3 or 4 for engagement', 4
        from known where band_rank is null
        union all
        select seed_row, 'band', 'duplicate band', 2
        from known group by seed_row having count(*) > 1
        union all
        select seed_row, 'lower_bound', 'lower_bound is not a number', 4
        from known where lower_text is not null and lower_bound is null
        union all
        select seed_row, 'upper_bound', 'upper_bound is not a number', 4
        from known where upper_text is not null and upper_bound is null
        union all
        select seed_row, 'lower_bound', 'lower_bound must be below upper_bound', 4
        from ordered where lower_bound >= upper_bound
        union all
        select seed_row, 'lower_bound', 'only the lowest band may be open below (empty lower_bound)', 4
        from ordered where lower_text is null and position_from_bottom > 1
        union all
        select seed_row, 'lower_bound', 'the lowest band must be open below (empty lower_bound), or low scores get no band', 4
        from ordered where position_from_bottom = 1 and lower_text is not null
        union all
        select seed_row, 'upper_bound', 'only the highest band may be open above (empty upper_bound)', 4
        from ordered where upper_text is null and next_lower is not null
        union all
        select seed_row, 'upper_bound', 'the highest band must be open above (empty upper_bound), or high scores get no band', 4
        from ordered where upper_text is not null and position_from_bottom = bands_in_dimension
        union all
        select seed_row, 'upper_bound', {{ dbt.concat(["'gap: nothing covers '", 'upper_text', "' up to '", 'next_lower_text']) }}, 4
        from ordered where upper_bound < next_lower
        union all
        select seed_row, 'upper_bound', {{ dbt.concat(["'overlap with the next band from '", 'next_lower_text', "' up to '", 'upper_text']) }}, 4
        from ordered where upper_bound > next_lower
        union all
        select seed_row, 'band', 'bands out of order: a better band (A before B, 1 before 2) must sit higher', 4
        from ordered where band_rank is not null and next_rank is not null and next_rank >= band_rank
        union all
        select
            {{ dbt.concat(["'score_bands '", 'expected.model_key', "'/'", 'expected.dimension', "'/'", 'expected.band']) }},
            'band', 'missing band', 2
        from expected
        left join bands
            on expected.model_key = bands.model_key
                and expected.dimension = bands.dimension
                and expected.band = bands.band
        where bands.model_key is null
    )
    select 'score_bands' as seed, seed_row, column_name, problem, problem_rank, 'error' as severity
    from problems
{%- endmacro %}
