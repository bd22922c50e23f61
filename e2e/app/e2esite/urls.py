"""URL names become the `view` label of django-prometheus's metrics."""

from django.urls import include, path
from upstream import views

urlpatterns = [
    path("", include("django_prometheus.urls")),
    path("api/claims/", views.claim_list, name="claim-list"),
    path("api/claims/ingest/", views.claim_ingest, name="claim-ingest"),
    path("api/claims/<int:claim_id>/", views.claim_detail, name="claim-detail"),
    path("api/claims/<int:claim_id>/void/", views.claim_void, name="claim-void"),
    path("api/reports/", views.report_request, name="report-request"),
    path("api/alerts/evaluate/", views.alert_evaluate, name="alert-evaluate"),
    path("api/drift/", views.drift_run, name="drift-run"),
    path("api/data-quality/", views.data_quality_run, name="data-quality-run"),
    path("api/payers/<str:payer>/summary/", views.payer_summary, name="payer-summary"),
    path("api/export/", views.claim_export, name="claim-export"),
    path("dashboard/", views.dashboard_page, name="dashboard-page"),
    path("api/reporting/", views.reporting_replica, name="reporting-replica"),
    path("api/broken-sql/", views.broken_sql, name="broken-sql"),
    path("api/crash/", views.crash, name="crash"),
    path("api/upstream-timeout/", views.upstream_timeout, name="upstream-timeout"),
]
