"""Reading, checking and loading the submissions that reporting units send."""
