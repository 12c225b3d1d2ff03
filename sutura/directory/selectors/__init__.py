"""Every read of the directory, through the access layer; one module per idea (entries,
proposals, pathways)."""
