"""A small Django site instrumented as the Upstream platform is."""

from .celery import app as celery_app

__all__ = ("celery_app",)
