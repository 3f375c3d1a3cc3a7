"""The resident's pages: the tip form at ``/`` and the follow-up at ``/uppfoljning``."""
