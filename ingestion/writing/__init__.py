"""Files in the contract's format, written: the workbook template offices fill in
(`template`), and submission files for the demo, the tests and the benchmarks (`writers`)."""
