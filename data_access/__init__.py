"""The only package that knows SQL. Pages import what they need from here."""
