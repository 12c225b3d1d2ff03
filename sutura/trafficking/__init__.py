"""Victims of trafficking (issue 18)."""
