"""The governance app's views, one module per idea."""
