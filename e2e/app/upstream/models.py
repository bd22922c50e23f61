"""Claims, as ingested from customers' payer files."""

from django.db import models
from django_prometheus.models import ExportModelOperationsMixin


class Claim(ExportModelOperationsMixin("claim"), models.Model):
    """One claim record of one customer; (customer_id, claim_number) is unique."""

    customer_id = models.CharField(max_length=32)
    claim_number = models.CharField(max_length=64)
    payer = models.CharField(max_length=64)
    amount_cents = models.BigIntegerField()
    status = models.CharField(max_length=16, default="open")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["customer_id", "claim_number"], name="uniq_claim_per_customer")]


class AuditEntry(models.Model):
    """Audit trail, written in bulk with executemany."""

    customer_id = models.CharField(max_length=32)
    action = models.CharField(max_length=32)
    detail = models.CharField(max_length=200)
