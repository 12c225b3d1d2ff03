from django.urls import include, path

from sutura.dedup import urls_runs
from sutura.dedup.views import decisions, review

app_name = "dedup"
urlpatterns = [
    path("", review.queue, name="queue"),
    path("<uuid:pk>/", review.pair, name="pair"),
    path("<uuid:pk>/merge/", review.merge, name="merge"),
    path("<uuid:pk>/not-duplicate/", review.not_duplicate, name="not_duplicate"),
    path("<uuid:pk>/withdraw/", review.withdraw, name="withdraw"),
    path("decisions/", decisions.decision_list, name="decisions"),
    path("decisions/<uuid:pk>/", decisions.decision_detail, name="decision"),
    path("decisions/<uuid:pk>/withdraw/", decisions.decision_withdraw, name="decision_withdraw"),
    path("merges/", review.merge_list, name="merges"),
    path("merges/<uuid:pk>/", review.merge_detail, name="merge_detail"),
    path("merges/<uuid:pk>/undo/", review.undo, name="undo"),
    # The runs (background detection, its progress): urls_runs.py.
    path("runs/", include(urls_runs.urlpatterns)),
]
