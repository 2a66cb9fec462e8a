"""Reading, checking and loading the submissions that reporting units send, in sub-packages by
concern, each importing only those below it (import-linter holds it, pyproject.toml):

- `intake`: the inbox taken in: checked, receipted, archived and loaded in batches;
- `decisions`: the data team's logs (approvals, follow-ups) and the files they hold;
- `check`: a file's verdict and its receipt, on every core;
- `read` and `writing`: files into text cells; files in the format, written (the template);
- `reference`: the unit registries and the administrative tree;
- `format`: the contract's format as data, its rules, and the Vietnamese it is written in.

`pipe_messages`, the protocol of the worker processes (the checks here, Great Expectations in
`quality`), belongs to no layer: it knows nothing of submissions.
"""
