"""Reads of the case export, always through the access layer."""
