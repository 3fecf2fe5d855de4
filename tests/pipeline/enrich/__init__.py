"""Tests of the enrichment stage (rlm_bot/pipeline/enrich/)."""
