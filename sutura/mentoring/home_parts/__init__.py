"""Home cards of each part of the mentoring app."""
