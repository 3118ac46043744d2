"""The store suite of tests/store, on Virtuoso."""

from tests.store.test_stores import *  # noqa: F403
