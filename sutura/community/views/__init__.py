"""Pages of the community app, one module per part (communities, risks, structures,
partners), each with its own `urlpatterns` that `community/urls.py` gathers."""
