"""The directory API, one module per idea (entries, proposals, pathways). Services and pathways
are published to anyone; proposals need a signed-in user who may propose."""
