"""Third-party browser assets, served by the app from the packages that ship them (no CDN).

pyvis bundles vis-network 9.1.2 (``pyvis/templates/lib/vis-9.1.2``) for the views;
fastapi-offline bundles Swagger UI and ReDoc for ``/docs`` and ``/redoc``. The app serves
those files from the installed packages under ``/static/vendor/`` instead of copying them
into the repository, so every page works on a network with no way out and tells no third
party who reads it. One file reaches out by itself (ReDoc's sidebar shows a logo from
cdn.redoc.ly): :data:`OFFLINE_EDITS` blanks that address as the file is served. Our own
scripts and styles are plain files of ``app/views/static/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from app.errors import NotFound

__all__ = ["OFFLINE_EDITS", "VENDOR_ASSETS", "VendorAsset", "vendor_asset"]


def _package_dir(name: str) -> Path:
    """Where an installed package lives, found without importing it (fastapi_offline's
    ``__init__`` imports FastAPI, which the views do not need)."""
    spec = find_spec(name)
    assert spec is not None and spec.submodule_search_locations, f"{name} is not installed"
    return Path(next(iter(spec.submodule_search_locations)))


_VIS = _package_dir("pyvis") / "templates" / "lib" / "vis-9.1.2"
_API_DOCS = _package_dir("fastapi_offline") / "static"
#: Servable vendor files by name, with their media types; nothing else is ever served.
VENDOR_ASSETS: dict[str, tuple[Path, str]] = {
    "vis-network.min.js": (_VIS / "vis-network.min.js", "text/javascript"),
    "vis-network.css": (_VIS / "vis-network.css", "text/css"),
    "swagger-ui-bundle.js": (_API_DOCS / "swagger-ui-bundle.js", "text/javascript"),
    "swagger-ui.css": (_API_DOCS / "swagger-ui.css", "text/css"),
    "redoc.standalone.js": (_API_DOCS / "redoc.standalone.js", "text/javascript"),
}
#: Addresses outside the app that a vendor file would load by itself, and their replacement.
#: ReDoc draws ``<img src="">`` instead of its CDN logo, and hides it when it fails to load.
OFFLINE_EDITS: dict[str, tuple[tuple[bytes, bytes], ...]] = {
    "redoc.standalone.js": ((b'"https://cdn.redoc.ly/redoc/logo-mini.svg"', b'""'),),
}


@dataclass(frozen=True)
class VendorAsset:
    """A vendor file as the app serves it."""

    content: bytes
    media_type: str


@lru_cache(maxsize=len(VENDOR_ASSETS))
def vendor_asset(name: str) -> VendorAsset:
    """Vendor asset ``name``, with its :data:`OFFLINE_EDITS` applied (read once per process).

    :raises NotFound: ``name`` is not one of :data:`VENDOR_ASSETS`.
    """
    found = VENDOR_ASSETS.get(name)
    if found is None:
        raise NotFound(f"no vendor asset {name!r}; available: {', '.join(VENDOR_ASSETS)}")
    path, media_type = found
    content = path.read_bytes()
    for address, replacement in OFFLINE_EDITS.get(name, ()):
        content = content.replace(address, replacement)
    return VendorAsset(content, media_type)
