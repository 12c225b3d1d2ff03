from django.urls import path

from sutura.dedup.views import review

app_name = "dedup"
urlpatterns = [
    path("", review.queue, name="queue"),
    path("<uuid:pk>/", review.pair, name="pair"),
    path("<uuid:pk>/merge/", review.merge, name="merge"),
    path("<uuid:pk>/not-duplicate/", review.not_duplicate, name="not_duplicate"),
    path("merges/", review.merge_list, name="merges"),
    path("merges/<uuid:pk>/", review.merge_detail, name="merge_detail"),
    path("merges/<uuid:pk>/undo/", review.undo, name="undo"),
    # The runs (background detection, its progress): the engineer "batch" writes urls_runs.
    # TODO(batch): path("runs/", include("sutura.dedup.urls_runs")),
]
