"""Caseloads and supervision (issue 18)."""
