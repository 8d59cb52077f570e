"""The password hasher: Argon2id with OWASP's minimum parameters (19 MiB of memory, 2 passes,
one lane), about 25 ms of one core per sign-in here. Django's defaults (100 MiB, 8 lanes) cost
0,14 s of wall and more of CPU, and fifty officials signing in within ten seconds on two cores
then queued every request behind them (docs/benchmarks.md, "Load test"). Hashes made with
other parameters still verify and are re-made with these at the next sign-in."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
