"""WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app``."""

from tipsapp import create_app
from tipsapp.triage.language import preload

app = create_app()
# Read the language model in gunicorn's master (preload_app), so the workers share it and no
# resident's first tip waits for it.
preload()
