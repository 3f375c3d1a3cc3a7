"""The staff console: server-rendered pages for analysts on top of the JSON API.

``session.py`` turns the console's session cookie into the bearer token the API already
understands (same-origin only, CSRF-checked for writes); ``pages.py`` serves the pages.
"""
