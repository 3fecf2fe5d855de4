"""Tests of the analysis stage (rlm_bot/pipeline/analyze/)."""
