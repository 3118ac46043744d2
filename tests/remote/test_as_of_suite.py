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

# Seen failing in full `make test` runs only, when this module still shared the session's
# Virtuoso database: these in-force questions on the freshly loaded graph came back empty.
# Not reproduced since (issue 19): not alone, not after the store suite and the three-store
# comparison in the same database under a load average of 6-9, not over 15 drop-and-reload
# cycles of the miniature graph nor after loading and dropping the bundle first, nor over
# repeated full rebuilds of the derived graph; each time all three answered. They share the
# as-of pattern of the strict failure above, whose loss depends on the plan Virtuoso picks,
# and its plans depend on the database's statistics: the likeliest cause, unproven. The
# module now has a database of its own (``mini`` in conftest.py), so earlier loads cannot
# reach it; the marks stay, not strict, until full runs show them passing.
_FLAKY = pytest.mark.xfail(
    strict=False, reason="Virtuoso 7.2.5: empty answers after earlier loads in one database"
)
test_year_only_date_counts_from_the_end_of_the_year = _FLAKY(
    test_relations.test_year_only_date_counts_from_the_end_of_the_year
)
test_gsomia_present_after_signing_and_through_suspended_termination = _FLAKY(
    test_relations.test_gsomia_present_after_signing_and_through_suspended_termination
)
test_edges_around_a_state_and_two_hops = _FLAKY(
    test_relations.test_edges_around_a_state_and_two_hops
)
