"""The view fixtures loaded into each store kind."""

from __future__ import annotations

import pytest

from app.store import Store
from tests.views.data import load_view_data


@pytest.fixture
def world(store: Store) -> Store:
    return load_view_data(store)
