"""Encrypted backups: `manage.py backup` and `manage.py restore` (docs/audit-and-backups.md)."""
