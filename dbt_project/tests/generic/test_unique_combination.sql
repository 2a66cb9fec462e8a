{#- The columns together identify a row: no two rows share all their values (nulls equal). -#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as rows_sharing
from {{ model }}
group by all
having count(*) > 1

{% endtest %}
