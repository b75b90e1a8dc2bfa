"""The periods the load test's readers open (shared by the locustfile and the
preparation, which stores their outlook ahead of them)."""

PERIODS = [(2026, m) for m in range(1, 11)] + [(2025, 12), (2025, 6)]
