"""Helpers the tests share (imported by test modules; conftest files only hold fixtures)."""
