{#- A count is never below zero: a join or a subtraction gone wrong shows here first. -#}
{% test not_negative(model, column_name) %}

    select {{ column_name }} as negative_count
    from {{ model }}
    where {{ column_name }} < 0

{% endtest %}
