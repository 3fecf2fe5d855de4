"""Tests of the execution stage (rlm_bot/pipeline/execute/)."""
