"""The Flask side of the app: login and sessions, file downloads, the CLI."""
