"""Webhooks: signed JSON events for admins' HTTPS endpoints, delivered through the outbox."""
