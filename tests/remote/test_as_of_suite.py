"""The as-of, relations, paths and states tests of tests/queries, on Virtuoso.

Before the relation interval table, two kinds of Virtuoso 7.2.5 failures were pinned here: a
three-branch UNION followed by ``OPTIONAL { ?sp pg:observedUntil ?horizon }`` and a ``FILTER``
lost solutions (an optimiser fault: KOR-USA through the trilateral arrangement), and in full
runs on a shared database some in-force questions came back empty (never reproduced alone).
Relations and paths now read the interval table (``app/queries/intervals.py``), built from
single-pattern scans, and both pass; the miniature graph still gets a database of its own
(``mini`` in conftest.py), so earlier loads cannot reach it.
"""

from tests.queries.test_paths import *  # noqa: F403
from tests.queries.test_relations import *  # noqa: F403
from tests.queries.test_states import *  # noqa: F403
