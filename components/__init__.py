"""Pure builders: plain data + language → Dash components or plotly figures.

No SQL, no state; only ``shell`` registers the few app-wide callbacks.
"""
