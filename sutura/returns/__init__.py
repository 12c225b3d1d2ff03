"""Assisted voluntary return (issue 18)."""
