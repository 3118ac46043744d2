"""HTTP interface: thin routers over the plain-Python core."""

from app.api.app import create_app

__all__ = ["create_app"]
