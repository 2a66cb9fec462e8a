"""The inbox taken in: `process` checks each file, writes its receipt, archives it and loads
it in batches (`loading`), reloads what an interrupted run archived, and takes back what could
not be loaded (`withdrawal`); `uploads` are the portal's files waiting in the inbox. The top
layer of `ingestion`."""
