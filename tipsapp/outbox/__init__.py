"""Background deliveries with a transactional outbox (see service.py and worker.py)."""
