"""The baseline for bench/intake.py: the smallest Flask JSON app, served the same way.

``gunicorn -c gunicorn.conf.py --pythonpath bench hello_app:app``. It reads the JSON body it is
sent (so the baseline pays for receiving the same bytes as the tip endpoint) and answers
``{"hello": "world"}``; no database, no validation, no extensions.
"""

from __future__ import annotations

from flask import Flask, request

app = Flask(__name__)


@app.route("/hello", methods=["GET", "POST"])
def hello() -> dict[str, str]:
    if request.method == "POST":
        request.get_json(silent=True)
    return {"hello": "world"}
