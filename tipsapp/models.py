"""Every model module, imported once so Alembic and the app see the whole schema."""

from tipsapp.common.idempotency import IdempotencyRecord
from tipsapp.reference.models import Area, Category
from tipsapp.tips.models import Tip, TipMessage

__all__ = ["Area", "Category", "IdempotencyRecord", "Tip", "TipMessage"]
