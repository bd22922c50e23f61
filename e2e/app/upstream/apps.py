"""App config."""

from django.apps import AppConfig
from django.conf import settings


class UpstreamConfig(AppConfig):
    """The upstream app."""

    name = "upstream"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        """Export the migration gauges of the default database (web process only)."""
        if getattr(settings, "E2E_EXPORT_MIGRATIONS", False):
            from django.db import connections
            from django.db.migrations.executor import MigrationExecutor
            from django_prometheus.migrations import ExportMigrationsForDatabase

            ExportMigrationsForDatabase("default", MigrationExecutor(connections["default"]))
