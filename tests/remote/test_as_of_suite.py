"""The as-of, relations, paths and states tests of tests/queries, on Virtuoso.

One test fails on Virtuoso 7.2.5 for a fault of its optimiser, pinned here as a strict
expected failure so it is noticed when a Virtuoso release (or a reshaped as-of pattern) fixes
it: a three-branch UNION (parties / party-to-intermediary / intermediary-to-party) followed in
the same group by the status period's ``OPTIONAL { ?sp pg:observedUntil ?horizon }`` and a
``FILTER`` loses solutions (KOR-USA through the trilateral arrangement). The same query
without the OPTIONAL, or with the OPTIONAL applied to a sub-select of the rest, answers
correctly. ``tests/remote/test_same_answers.py`` lists the answers this changes.
"""

import pytest

from tests.queries import test_relations
from tests.queries.test_paths import *  # noqa: F403
from tests.queries.test_relations import *  # noqa: F403
from tests.queries.test_states import *  # noqa: F403

test_intermediary_relates_parties_to_it_not_to_each_other = pytest.mark.xfail(
    strict=True, reason="Virtuoso 7.2.5 loses UNION solutions before OPTIONAL + FILTER"
)(test_relations.test_intermediary_relates_parties_to_it_not_to_each_other)
