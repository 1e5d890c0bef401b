"""Execute the book's outdated notebooks in parallel, into the build's execution cache.

``make book`` runs this before ``jupyter-book build``. Jupyter Book 1 executes notebooks one
after another; this fills the same cache (``_build/.jupyter_cache``, jupyter-cache's
``local-parallel`` executor, one process per core), so the build then finds every notebook
already executed. With a single outdated notebook it does nothing and leaves that one to the build. A notebook that fails here is simply not cached: the build executes it
again and reports the error with its traceback, as it would have anyway.
"""

from __future__ import annotations

import logging
import sys

from jupyter_cache import get_cache
from jupyter_cache.cache.main import JupyterCacheBase
from jupyter_cache.executors import load_executor

from peacebook.toc import REPO_ROOT, notebooks

CACHE = REPO_ROOT / "_build" / ".jupyter_cache"
TIMEOUT_S = 180  # as execute.timeout in _config.yml


def main() -> int:
    cache = get_cache(str(CACHE))
    for path in notebooks():
        cache.add_nb_to_project(str(path))
    outdated = cache.list_unexecuted()
    if len(outdated) < 2:
        return 0  # one notebook gains nothing from a process pool: the build executes it directly

    # jupyter-cache 1.0.1 trims the cache to its size limit (1,000 notebooks) after every
    # notebook it stores, in two separate queries; with parallel workers a record stored by
    # another worker between those queries is taken for a stale one and its removal fails,
    # losing that notebook's result. This book is far below the limit, so the parallel run
    # skips the trimming (the build itself still trims, serially). Workers are forked and
    # inherit this.
    JupyterCacheBase.truncate_caches = lambda self: None
    print(f"executing {len(outdated)} notebook(s) in parallel", flush=True)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    result = load_executor("local-parallel", cache, logger=logging.getLogger("peacebook.execute")).run_and_cache(
        timeout=TIMEOUT_S)
    for uri in result.errored + result.excepted:
        print(f"failed here, the build will run it again and show the error: {uri}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
