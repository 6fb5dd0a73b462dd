"""`python -m pipeline` and the `ruextract` console script (pyproject.toml: `pipeline.__main__:main`).

Ctrl-C or SIGTERM from the first moment on gives exit 130 (143) and one line: the signals
are blocked before anything else is imported — a signal then waits until `cli.main` has set
what turns it into a clean stop (`pipeline.interrupts.stop_on_signals`) instead of a traceback
from whatever was importing — and blocked again when the command is over, so that one that
comes as the process exits dies with it. Nothing is imported before that but what the
interpreter has loaded for itself (`_signal`, `sys`; `pipeline/__init__.py` imports nothing):
what comes earlier is the interpreter's own start-up (see README, "Bad input").
"""

# `_signal`, not `signal`: the interpreter has loaded the C module while starting, whereas
# `signal` builds its enums when first imported (a millisecond in which Ctrl-C would still
# give a traceback).
import _signal
import sys

_STOP_SIGNALS = {_signal.SIGINT, _signal.SIGTERM}  # = pipeline.interrupts.STOP_SIGNALS


def main() -> int:
    _signal.pthread_sigmask(_signal.SIG_BLOCK, _STOP_SIGNALS)
    import gc

    from pipeline.threads import COLLECT_THRESHOLDS

    # A command's process collects garbage as a corpus run does (`pipeline.threads`) from the
    # start: importing the stages (their patterns, word lists, numpy, natasha) otherwise runs
    # about 140 young collections, 0.08 s of the start-up.
    gc.set_threshold(*COLLECT_THRESHOLDS)
    from pipeline.cli import main as command

    try:
        return command()
    finally:
        _signal.pthread_sigmask(_signal.SIG_BLOCK, _STOP_SIGNALS)


if __name__ == "__main__":
    sys.exit(main())
