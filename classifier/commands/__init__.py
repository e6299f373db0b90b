"""Subcommands of ``python -m classifier``."""
