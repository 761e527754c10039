"""A progress bar on the terminal for the web checks (stderr, so reports stay clean)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_bar(enabled: bool) -> Iterator[tuple[Callable[[int, int], None] | None, Callable[[str], None]]]:
    """(progress callback, warning callback); the callback is None when no bar is shown."""
    console = Console(stderr=True)

    def warn(message: str) -> None:
        console.print(f"[yellow]citecheck: warning:[/yellow] {message}", highlight=False)

    if not enabled:
        yield None, warn
        return
    with Progress(
        TextColumn("checking links and DOIs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("web", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update, warn
