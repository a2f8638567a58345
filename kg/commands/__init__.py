"""Subcommands of the `kg` command line, one module per family."""
