"""Runs the browser suite: `python3 Tests/Browser/run.py PATH/TO/carenode [unittest args]`.
Starts one demo federation for all tests and stops it afterwards; screenshots go to
$CARENODE_SCREENSHOTS (default /tmp/carenode-console-screenshots)."""
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import context  # noqa: E402
from browser import SHOTS  # noqa: E402
from federation import Federation  # noqa: E402


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: run.py PATH/TO/carenode [test names]")
    binary = sys.argv[1]
    started = time.time()
    fed = Federation(binary)
    try:
        context.set_federation(fed)
        print(f"browser tests: demo federation with {len(fed.urls)} nodes in {time.time() - started:.1f} s; screenshots in {SHOTS}", flush=True)
        loader = unittest.TestLoader()
        names = sys.argv[2:]
        suite = loader.loadTestsFromNames(names, module=None) if names else loader.discover(os.path.dirname(os.path.abspath(__file__)), pattern="test_*.py")
        result = unittest.TextTestRunner(verbosity=2).run(suite)
    finally:
        fed.close()
    print(f"browser tests took {time.time() - started:.1f} s", flush=True)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
