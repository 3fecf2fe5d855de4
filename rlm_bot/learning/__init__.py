"""Outcomes, satisfaction signals, learned adjustments, meta-learning and the learning report."""
