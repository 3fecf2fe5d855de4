"""Chroma-backed vector memory with real embeddings and strict scoping."""
