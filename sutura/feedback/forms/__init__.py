"""The feedback app's forms: one module per part."""
