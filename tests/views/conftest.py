"""The view fixtures loaded into each store kind."""

from __future__ import annotations

import pytest

from app.store import Store
from tests.views.data import load_mini_world


@pytest.fixture
def world(store: Store) -> Store:
    return load_mini_world(store)
