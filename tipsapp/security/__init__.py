"""Anonymity and secrets: client keys for rate limits, receipts, keyed hashes, headers."""
