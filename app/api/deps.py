"""FastAPI dependencies: the store and the settings the app was built with."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.config import Settings
from app.store import Store


def get_store(request: Request) -> Store:
    """The store opened by the app's lifespan."""
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
