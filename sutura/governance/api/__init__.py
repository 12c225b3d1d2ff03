"""The governance app's api, one module per idea."""
