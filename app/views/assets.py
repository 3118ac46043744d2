"""vis-network for the views: the copy pyvis ships, served by the app so nothing needs a CDN.

pyvis bundles vis-network 9.1.2 (``pyvis/templates/lib/vis-9.1.2``); the app serves those
files from the installed package under ``/static/vendor/`` instead of copying them into the
repository. Our own scripts and styles are plain files of ``app/views/static/``.
"""

from __future__ import annotations

from pathlib import Path

import pyvis

from app.errors import NotFound

__all__ = ["VENDOR_ASSETS", "vendor_asset"]

_VIS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
#: Servable vendor files by name, with their media types; nothing else is ever served.
VENDOR_ASSETS: dict[str, tuple[Path, str]] = {
    "vis-network.min.js": (_VIS / "vis-network.min.js", "text/javascript"),
    "vis-network.css": (_VIS / "vis-network.css", "text/css"),
}


def vendor_asset(name: str) -> tuple[Path, str]:
    """The file and media type of vendor asset ``name``.

    :raises NotFound: ``name`` is not one of :data:`VENDOR_ASSETS`.
    """
    found = VENDOR_ASSETS.get(name)
    if found is None:
        raise NotFound(f"no vendor asset {name!r}; available: {', '.join(VENDOR_ASSETS)}")
    return found
