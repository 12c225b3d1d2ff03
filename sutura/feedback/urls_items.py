"""One item's pages (its workflow's steps): included in `urls.py` under the namespace "feedback"."""

from django.urls import URLPattern, URLResolver, path

from sutura.feedback.views import items

urlpatterns: list[URLPattern | URLResolver] = [
    path("items/<uuid:pk>/", items.item, name="item"),
    # acknowledge, assign, respond, refer, close, reopen, reclassify (views.items.STEPS)
    path("items/<uuid:pk>/<slug:step>/", items.item_step, name="item_step"),
]
