"""Fusing the vector and keyword evidence: meaning first.

`hybrid` search scores every candidate of either index on one fixed 0..1 scale:

    fused = VECTOR_WEIGHT * cosine similarity + (1 - VECTOR_WEIGHT) * coverage ** 2

where coverage is the share of the query's IDF weight that the memory's text contains
(KeywordIndex.coverage). Squaring makes keyword evidence count when it covers most of the query's
rare terms (an identifier, a name): covering half of them earns a quarter of the keyword weight,
and one shared common word earns next to nothing, so it cannot lift a look-alike over a
paraphrase. The scale does not depend on the other results, so callers can judge a hit by its
score (enrichment's cut-off does). Chosen by measurement (`rlm-bot bench memory`, see
benchmarks/memory_facts.py) against relative score fusion with max-normalised BM25 (`rsf`, the
former default, where the best keyword match always got the full keyword weight) and reciprocal
rank fusion (`rrf`); both are kept as modes so the benchmark shows them side by side.
"""

from __future__ import annotations

RRF_K = 60  # the constant of Cormack et al. (2009); damps the weight of the very first ranks
VECTOR_WEIGHT = 0.7  # of the fused score; the rest is squared keyword coverage
COVERAGE_POWER = 2
RSF_VECTOR_WEIGHT = 0.75  # the former relative-score fusion (`rsf` mode)


def fused_score(similarity: float, coverage: float) -> float:
    """The hybrid score of one candidate from its cosine similarity and keyword coverage."""
    return (VECTOR_WEIGHT * max(0.0, similarity)
            + (1 - VECTOR_WEIGHT) * max(0.0, min(1.0, coverage)) ** COVERAGE_POWER)


def coverage_fusion(similarity: dict[str, float],
                    coverage: dict[str, float]) -> list[tuple[str, float]]:
    """Ids by `fused_score`, best first."""
    ids = set(similarity) | set(coverage)
    scores = {i: fused_score(similarity.get(i, 0.0), coverage.get(i, 0.0)) for i in ids}
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


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
                          vector_weight: float = RSF_VECTOR_WEIGHT) -> list[tuple[str, float]]:
    """Ids by vector_weight * similarity + (1 - vector_weight) * normalised keyword score."""
    keyword_score = dict(keyword)
    ids = set(similarity) | set(keyword_score)
    scores = {i: vector_weight * max(0.0, similarity.get(i, 0.0))
              + (1 - vector_weight) * keyword_score.get(i, 0.0) for i in ids}
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
