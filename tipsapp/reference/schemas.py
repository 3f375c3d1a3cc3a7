"""What the API says about areas and categories."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

from tipsapp.common.i18n import FOCUS_LABELS
from tipsapp.i18n import LANGUAGES


class AreaSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"example": "gislaved"})
    name = ma.fields.String(required=True, metadata={"example": "Gislaveds kommun"})
    police_area = ma.fields.String(allow_none=True)


class LanguageQuerySchema(ma.Schema):
    lang = ma.fields.String(
        validate=validate.OneOf(LANGUAGES),
        metadata={"description": "Language of the labels; else Accept-Language, else sv"},
    )


class CategorySchema(ma.Schema):
    code = ma.fields.String(required=True)
    label = ma.fields.String(required=True, metadata={"description": "In the chosen language"})
    labels = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(), required=True)
    focus_area = ma.fields.String(allow_none=True)
    focus_area_label = ma.fields.String(allow_none=True)


class CategoryListSchema(ma.Schema):
    language = ma.fields.String(required=True)
    items = ma.fields.List(ma.fields.Nested(CategorySchema), required=True)


class AreaListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(AreaSchema), required=True)


def category_view(category: Any, language: str, focus_labels: dict[str, Any]) -> dict[str, Any]:
    focus = focus_labels.get(category.focus_area) if category.focus_area else None
    return {
        "code": category.code,
        "label": category.label(language),
        "labels": {code: category.label(code) for code in LANGUAGES},
        "focus_area": category.focus_area,
        "focus_area_label": None if focus is None else FOCUS_LABELS.get(focus.code, language),
    }
