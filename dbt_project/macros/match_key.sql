{#- What an award's form and authority are compared with the catalogue's patterns on: lower
    case, no diacritics, "đ" as "d", dashes, underscores and runs of spaces as one space. The
    same key as ingestion/reference/award_catalogue.py's `match_key`, which makes the patterns'
    LIKE text; a test holds the two to the same keys. -#}
{% macro match_key(expression) -%}
    trim(regexp_replace(
        strip_accents(replace(lower({{ expression }}), 'đ', 'd')),
        '[\s\x{00A0}_‐‑‒–—-]+', ' ', 'g'
    ))
{%- endmacro %}
