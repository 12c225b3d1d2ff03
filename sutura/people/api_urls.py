"""API routes for people and their consent decisions (the viewsets are in people/api.py).
Registered on the project's router in sutura/urls.py, which serves the API root."""

from sutura.people.api import ConsentViewSet, PersonViewSet

ROUTES = [
    ("persons", PersonViewSet, "api-person"),
    ("consents", ConsentViewSet, "api-consent"),
]
