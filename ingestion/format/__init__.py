"""The contract's format as data, and the words it is written in: sheets and headers
(`submission_format`), coded values (`vocabulary`), every rule with its messages (`rules`),
periods, Vietnamese text and cells, the shape of a file once read (`parsed`, `rows`) and the raw
tables it loads into (`raw_tables`). The lowest layer of `ingestion`: it imports no other."""
