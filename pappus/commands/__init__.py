"""Implementations of the `pappus` subcommands; `pappus/cli.py` only declares the options."""
