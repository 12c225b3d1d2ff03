"""Pages of the mentoring app, one module per idea (as in services/), each with its own
`urlpatterns` that `mentoring/urls.py` gathers."""
