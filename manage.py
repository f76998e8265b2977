#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartcourt.settings.dev")
    from django.core.management import execute_from_command_line

    from smartcourt.core.correlation import correlation_scope

    with correlation_scope():  # a command is one action; a long-running one's tasks and requests open their own
        execute_from_command_line(sys.argv)
