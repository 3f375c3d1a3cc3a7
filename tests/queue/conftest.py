"""The analyst most queue tests act as (a module may define its own ``analyst``)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Staff, login_as, make_user


@pytest.fixture
def analyst_user(app: Any) -> Staff:
    return make_user(app, "analyst", display_name="Alva Analytiker")


@pytest.fixture
def analyst(client: Any, analyst_user: Staff) -> dict[str, str]:
    return login_as(client, analyst_user)
