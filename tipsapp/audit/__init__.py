"""The append-only audit log of staff reads and changes."""
