{#- Files a run holds back while it traces a failing blocking test to the files that make it
    fail (orchestration/isolation.py): with `--vars '{dvk_withholding: true}'` the files listed
    in raw.withheld count as rejected and their rows are left out. Off, the expression is
    `false` and raw.withheld is not read, so ids left there by a killed trial change nothing. -#}
{% macro is_withheld() -%}
    {%- if var('dvk_withholding', false) -%}
        submission_id in (select withheld.submission_id from raw.withheld)
    {%- else -%}
        false
    {%- endif -%}
{%- endmacro %}
