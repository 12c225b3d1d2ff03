"""Local development and the `make demo` server."""

from .base import *  # noqa: F403

DEBUG = True
