"""Benchmarks: the synthetic country, page and plan-PDF benchmarks and their commands, beside
the shell scripts (run.sh, loadtest.sh, faulttest.sh). Uses every domain app; none uses it."""
