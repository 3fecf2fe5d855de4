"""Tests of the routing stage (rlm_bot/pipeline/route/)."""
