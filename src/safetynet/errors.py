"""One exception root whose messages say what to do next."""


class SafetyNetError(Exception):
    """Base error of the SafetyNet Python stack; the CLI prints it without a traceback."""
