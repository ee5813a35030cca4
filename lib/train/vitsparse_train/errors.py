"""The engine's input errors, without PyTorch: the command line prints each as one line `error: ...` and exits
2, also for inputs refused before training imports torch."""


class DataError(Exception):
    """A missing or malformed dataset file (the CLI prints it as one line, exit 2)."""


class WeightsError(Exception):
    """A missing or malformed weights file."""
