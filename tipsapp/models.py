"""Every model module, imported once so Alembic and the app see the whole schema."""

from tipsapp.audit.models import AuditEntry
from tipsapp.common.idempotency import IdempotencyRecord
from tipsapp.reference.models import Area, Category
from tipsapp.staff.models import AuthToken, Organisation, StaffUser
from tipsapp.tips.models import Tip, TipMessage
from tipsapp.triage.models import ItemNote, TriageItem

__all__ = [
    "Area",
    "AuditEntry",
    "AuthToken",
    "Category",
    "IdempotencyRecord",
    "ItemNote",
    "Organisation",
    "StaffUser",
    "Tip",
    "TipMessage",
    "TriageItem",
]
