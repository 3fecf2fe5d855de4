"""The RestrictedPython sandbox, run in worker processes, and its computation helpers."""
