"""GET /api/docs: the OpenAPI document as a plain HTML page, with nothing loaded from outside.

Swagger UI and ReDoc load scripts from CDNs; a server-rendered page keeps the strict CSP and
works on any phone.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from tipsapp.extensions import api

docs_blp = Blueprint("docs", __name__)
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, item in sorted(spec.get("paths", {}).items()):
        for method in HTTP_METHODS:
            if method in item:
                operation = item[method]
                operations.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary", ""),
                        "description": operation.get("description", ""),
                        "tags": operation.get("tags", []),
                        "responses": sorted(operation.get("responses", {}).items()),
                    }
                )
    return operations


@docs_blp.get("/api/docs")
def api_docs() -> str:
    spec = api.spec.to_dict()
    return render_template("api_docs.html", info=spec.get("info", {}), operations=_operations(spec))
