"""Export to a central case database (issue 18)."""
