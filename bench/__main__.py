"""`make bench`: set up the benchmark database once, then run every bench module's `run()`.

Each benchmark prints its figures next to a baseline measured in the same process and run, as a ratio, so the
numbers mean something on any machine. Select modules with `python -m bench cases ledger`.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcourt.settings.dev")


def main(argv: list[str]) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    names = argv or [m.name for m in pkgutil.iter_modules([os.path.dirname(__file__)]) if not m.name.startswith("_")]
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        print(f"\n=== bench/{name}.py ===", flush=True)
        started = time.monotonic()
        module.run()
        print(f"--- {name}: {time.monotonic() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
