"""Vendor assets: served from the installed packages, with the one address outside the app
that ReDoc would load by itself blanked."""

from __future__ import annotations

import pytest

from app.errors import NotFound
from app.views.assets import OFFLINE_EDITS, VENDOR_ASSETS, vendor_asset


@pytest.mark.parametrize("name", sorted(OFFLINE_EDITS))
def test_each_offline_edit_still_finds_its_address_and_removes_it(name: str) -> None:
    path, _ = VENDOR_ASSETS[name]
    original = path.read_bytes()
    served = vendor_asset(name).content
    for address, _replacement in OFFLINE_EDITS[name]:
        # A new release that moves the address must fail here, not leak silently.
        assert address in original
        assert address not in served


def test_vendor_assets_are_the_packaged_files_otherwise() -> None:
    for name, (path, media_type) in VENDOR_ASSETS.items():
        asset = vendor_asset(name)
        assert asset.media_type == media_type
        if name not in OFFLINE_EDITS:
            assert asset.content == path.read_bytes()


def test_unknown_vendor_asset_names_the_available_ones() -> None:
    with pytest.raises(NotFound, match=r"swagger-ui-bundle\.js"):
        vendor_asset("jquery.js")
