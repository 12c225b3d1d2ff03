"""Family tracing and reunification (issue 18)."""
