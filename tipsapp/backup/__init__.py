"""Backups of the database and the photo folder, and their restore (``flask backup``)."""
