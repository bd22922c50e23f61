"""Database routing: the `reporting` replica is only ever read, never migrated."""


class ReportingReplicaRouter:
    """Keep migrations (and makemigrations' consistency checks) off `reporting`."""

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        """Only the default database holds tables."""
        return db == "default"
