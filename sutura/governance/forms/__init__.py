"""The governance app's forms, one module per idea."""
