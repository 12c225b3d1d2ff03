"""Unaccompanied and separated children (issue 18)."""
