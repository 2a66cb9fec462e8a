{#- A file's name as the marts publish it: offices name files after whoever prepared them
    ("Tuy Phong 2023 - Nguyen Van An 0912 345 678.xlsx"). In the name before its extension,
    e-mail addresses, phone-like runs of nine or more digits, and the preparer's name as
    `Người lập` gives it (two words or more, with or without diacritics, its words joined by
    spaces, dots, dashes, underscores or nothing) become "…". raw.submissions keeps the name
    received; receipts show it to the office that sent it. -#}
{% macro public_file_name(name, preparer) -%}
    {%- set words -%}
        list_filter(
            string_split(regexp_replace(coalesce({{ preparer }}, ''), '[^\pL]+', ' ', 'g'), ' '),
            lambda word: word <> ''
        )
    {%- endset -%}
    {%- set masked -%}
        regexp_replace(
            regexp_replace(
                regexp_replace({{ name }}, '\.[^.]{1,5}$', ''),
                '(?:\(?\+\d{1,3}\)?[ .-]?)?\d(?:[ .()-]{0,2}\d){8,}', '…', 'g'
            ),
            '[\w.%+-]+@[\w-]+(?:\.[\w-]+)+', '…', 'g'
        )
    {%- endset -%}
    case
        when len({{ words }}) >= 2 then regexp_replace(
            {{ masked }},
            array_to_string(
                list_transform(
                    {{ words }},
                    lambda word: '(?:' || regexp_escape(word) || '|'
                    || regexp_escape(translate(strip_accents(word), 'Đđ', 'Dd')) || ')'
                ),
                '[ ._-]*'
            ),
            '…',
            'gi'
        )
        else {{ masked }}
    end || coalesce(regexp_extract({{ name }}, '\.[^.]{1,5}$'), '')
{%- endmacro %}
