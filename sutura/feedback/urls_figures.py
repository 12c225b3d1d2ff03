"""The figures' pages: included in `urls.py` under the namespace "feedback"."""

from django.urls import URLPattern, URLResolver, path

from sutura.feedback.views import figures

urlpatterns: list[URLPattern | URLResolver] = [
    path("figures/", figures.figures, name="figures"),
    path("figures/export.xlsx", figures.figures_xlsx, name="figures_xlsx"),
]
