"""Fusing the vector and keyword rankings.

`hybrid` search uses relative score fusion: every candidate from either index is scored
VECTOR_WEIGHT * cosine similarity + (1 - VECTOR_WEIGHT) * its BM25 score divided by the query's best
BM25 score (0 when the keyword index did not return it). Unlike rank fusion, a memory that one
index ranks first by a wide margin is not overtaken by items both indexes rank mediocre.
Reciprocal rank fusion is kept (`rrf` mode) so the benchmark can compare the two side by side.
"""

from __future__ import annotations

RRF_K = 60  # the constant of Cormack et al. (2009); damps the weight of the very first ranks
VECTOR_WEIGHT = 0.75  # the usual default of relative-score hybrid search (e.g. Weaviate's alpha)


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Ids ordered by the sum over rankings of 1 / (k + rank), best first."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item_id in enumerate(ranking, start=1):
            scores[item_id] = scores.get(item_id, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def normalised_keyword(hits: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Keyword scores divided by the best one (so they lie in 0..1), order kept."""
    if not hits:
        return []
    best = max(score for _, score in hits)
    if best <= 0:
        return [(i, 1.0 / (1 + r)) for r, (i, _) in enumerate(hits)]
    return [(i, max(0.0, score) / best) for i, score in hits]


def relative_score_fusion(similarity: dict[str, float], keyword: list[tuple[str, float]],
                          vector_weight: float = VECTOR_WEIGHT) -> list[tuple[str, float]]:
    """Ids by vector_weight * similarity + (1 - vector_weight) * normalised keyword score."""
    keyword_score = dict(keyword)
    ids = set(similarity) | set(keyword_score)
    scores = {i: vector_weight * max(0.0, similarity.get(i, 0.0))
              + (1 - vector_weight) * keyword_score.get(i, 0.0) for i in ids}
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
