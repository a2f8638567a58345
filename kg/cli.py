"""The `kg` command line: one click group, each subcommand in its own module."""
from __future__ import annotations

import importlib

import click

# name -> "module:attribute"; modules are imported only when the command runs (or for --help).
COMMANDS: dict[str, str] = {
    "build": "kg.commands.build:build",
    "add": "kg.commands.build:add",
    "extract": "kg.commands.extract:extract",
    "eval": "kg.commands.evaluate:evaluate",
    "export": "kg.commands.export:export",
    "validate": "kg.commands.export:validate",
    "stats": "kg.commands.export:stats",
    "import": "kg.commands.export:import_rdf",
    "link": "kg.commands.link:link",
    "serve": "kg.commands.serve:serve",
    "summarise": "kg.commands.summarise:summarise",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # command not built yet: hide it
                return None
            raise
        return getattr(module, attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120, "terminal_width": 120})
@click.version_option(package_name="egypt-migration-kg")
def main() -> None:
    """Build, query and serve a knowledge graph of Arabic news on migration and trafficking."""


if __name__ == "__main__":  # pragma: no cover
    main()
