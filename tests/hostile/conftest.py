"""Property-based tests of every form and import column (hypothesis): modest example counts,
no deadline (a page render is slow next to a pure function), no example database on disk.

The profile "ntm" (40 examples a test) is what scripts/test and CI run. NTM_HYPOTHESIS=quick
picks "quick" (10 examples, otherwise the same) for a faster local run; it finds less."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ntm",
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every run and in CI: a failure reproduces
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the client and the database persist between
        HealthCheck.too_slow,  # examples on purpose: each example checks its own before/after
        HealthCheck.data_too_large,
    ],
)
settings.register_profile("quick", settings.get_profile("ntm"), max_examples=10)
settings.load_profile(os.environ.get("NTM_HYPOTHESIS", "ntm"))
