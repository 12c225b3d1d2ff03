"""Forms of the directory, one module per idea (entries, proposals, pathways)."""
