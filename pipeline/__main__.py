import signal
import sys

# Ctrl-C or SIGTERM during start-up waits until cli.main has set what turns it into a clean
# stop (pipeline.interrupts.stop_on_signals), instead of a traceback from whatever was importing.
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})

from pipeline.cli import main  # noqa: E402

sys.exit(main())
