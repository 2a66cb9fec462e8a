"""Files into text cells, before any rule: JSON and workbooks (`read_json`, `read_xlsx`),
the guards on a workbook's container and extent, legacy Vietnamese encodings, and the inbox's
files as files (`inbox`: which to leave alone, their content hash)."""
