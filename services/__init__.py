"""Application services: read with data_access, judge with domain, hand plain data on.

Pages call these so that the orchestration (which queries, which rules) is written once.
"""
