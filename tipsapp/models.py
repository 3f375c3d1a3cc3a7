"""Every model module, imported once so Alembic and the app see the whole schema."""

from tipsapp.actions.models import Action, FixAnswer
from tipsapp.audit.models import AuditEntry
from tipsapp.common.idempotency import IdempotencyRecord
from tipsapp.handover.models import Handover, Recipient
from tipsapp.notifications.models import (
    AreaNotificationPolicy,
    NotificationSettings,
    NotificationSubscription,
)
from tipsapp.outbox.models import OutboxEvent
from tipsapp.photos.models import Photo
from tipsapp.reference.models import Area, Category, District
from tipsapp.reporters.models import EstReport
from tipsapp.reports.models import Report, Statement
from tipsapp.staff.models import AuthToken, Organisation, StaffUser
from tipsapp.tips.models import Tip, TipMessage
from tipsapp.triage.models import ItemNote, QueueStatusCount, TriageItem
from tipsapp.walks.models import Observation, Walk, WalkParticipant
from tipsapp.webhooks.models import Webhook, WebhookDelivery

__all__ = [
    "Action",
    "Area",
    "AreaNotificationPolicy",
    "AuditEntry",
    "AuthToken",
    "Category",
    "District",
    "EstReport",
    "FixAnswer",
    "Handover",
    "IdempotencyRecord",
    "ItemNote",
    "NotificationSettings",
    "NotificationSubscription",
    "Observation",
    "Organisation",
    "OutboxEvent",
    "Photo",
    "QueueStatusCount",
    "Recipient",
    "Report",
    "StaffUser",
    "Statement",
    "Tip",
    "TipMessage",
    "TriageItem",
    "Walk",
    "WalkParticipant",
    "Webhook",
    "WebhookDelivery",
]
