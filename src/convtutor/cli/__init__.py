"""The ``convtutor`` command line."""
