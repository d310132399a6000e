"""Implementations of the `pappus` subcommands; `pappus/cli*.py` only declare the options."""
