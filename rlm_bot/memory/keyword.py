"""Keyword search over memory_items: FTS5 with BM25 on SQLite, tsvector with ts_rank_cd on
PostgreSQL. Scope filtering is the same `Scope.sql_clause` the rest of memory uses.

`coverage` is the keyword evidence the fused search uses: for each candidate, the share of the
query's IDF weight (its rare terms) that the candidate's text contains, on a fixed 0..1 scale. One
shared common word covers little of a query; a shared identifier or rare name covers most of it.
The document frequencies are counted over what the requester may see, so no other workspace's
texts ever move a ranking.
"""

from __future__ import annotations

import math
import re
from typing import Any

import sqlalchemy as sa

from rlm_bot.memory.scope import Scope
from rlm_bot.storage.memory_tables import MemoryItem

ITEMS = MemoryItem.__table__
FTS = sa.table("memory_fts", sa.column("id"), sa.column("text"))
MAX_TERMS = 32
STOPWORDS = frozenset(
    "a an the and or but if then else of to in on at by for with from into about as is are was were "
    "be been being do does did doing have has had having i me my we our you your he she it its they "
    "them their this that these those what which who whom whose when where why how can could should "
    "would will shall may might must not no nor so than too very just also any all some each there "
    "here up down out over under again once more most other such only own same s t don please tell "
    "know get got let us".split()
)
# Words, with identifiers such as pg-stage-2, app.config or ERR_QUOTA_7 kept whole (searched as
# phrases, so "pg-stage-2" does not match "pg-stage-3").
_TERM = re.compile(r"\w+(?:[-.:/]\w+)*", re.UNICODE)


def query_terms(text: str) -> list[str]:
    """Distinct search terms of `text`: words and whole identifiers, stopwords dropped."""
    seen: dict[str, None] = {}
    for word in _TERM.findall(text.lower()):
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        seen.setdefault(word, None)
    return list(seen)[:MAX_TERMS]


def idf(frequency: int, total: int) -> float:
    """BM25's inverse document frequency, kept positive: ln(1 + (N - n + 0.5) / (n + 0.5))."""
    return math.log(1.0 + (max(0, total - frequency) + 0.5) / (frequency + 0.5))


class KeywordIndex:
    """Full-text index of the memory texts, kept in step with memory_items by MemoryStore."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect

    def insert(self, conn: Any, rows: list[tuple[str, str]]) -> None:
        """Index (id, text) pairs (PostgreSQL indexes its generated column by itself)."""
        if self.dialect == "sqlite" and rows:
            conn.execute(sa.insert(FTS), [{"id": i, "text": t} for i, t in rows])

    def delete(self, conn: Any, ids: list[str]) -> None:
        """Remove ids from the index."""
        if self.dialect == "sqlite" and ids:
            for start in range(0, len(ids), 500):
                conn.execute(sa.delete(FTS).where(FTS.c.id.in_(ids[start:start + 500])))

    def replace(self, conn: Any, item_id: str, text: str) -> None:
        """Re-index one memory whose text changed."""
        self.delete(conn, [item_id])
        self.insert(conn, [(item_id, text)])

    def coverage(self, conn: Any, query: str, scope: Scope, ids: list[str]) -> dict[str, float]:
        """{id: share of the query's IDF weight found in that memory's text} for `ids` (0..1)."""
        terms = query_terms(query)
        if not terms or not ids:
            return {}
        visible = scope.sql_clause(ITEMS)
        total = int(conn.execute(sa.select(sa.func.count()).select_from(ITEMS).where(visible))
                    .scalar_one())
        weights: dict[str, float] = {}
        found: dict[str, float] = dict.fromkeys(ids, 0.0)
        wanted = set(ids)
        for term in terms:
            # one query a term: every visible memory containing it (their number is the term's
            # document frequency; those among `ids` are credited with its weight)
            matching = [row[0] for row in conn.execute(self._matching(ITEMS.c.id, term, visible))]
            weight = idf(len(matching), total)
            weights[term] = weight
            for item_id in wanted.intersection(matching):
                found[item_id] += weight
        whole = sum(weights.values())
        return {i: (w / whole if whole > 0 else 0.0) for i, w in found.items()}

    def _matching(self, column: Any, term: str, where: Any) -> Any:
        """SELECT `column` over the memories whose text contains `term` (a word or a phrase)."""
        if self.dialect == "sqlite":
            return (sa.select(column).select_from(FTS.join(ITEMS, ITEMS.c.id == FTS.c.id))
                    .where(sa.text("memory_fts MATCH :match").bindparams(match=f'"{term}"'), where))
        tsv = sa.literal_column("memory_items.tsv")
        return (sa.select(column).select_from(ITEMS)
                .where(tsv.op("@@")(sa.func.phraseto_tsquery("english", term)), where))

    def search(self, conn: Any, query: str, scope: Scope, n: int,
               kinds: tuple[str, ...] | None = None) -> list[tuple[str, float]]:
        """(id, score) of the best `n` keyword matches visible to `scope`, best first."""
        terms = query_terms(query)
        if not terms or n <= 0:
            return []
        visible = scope.sql_clause(ITEMS, kinds)
        if self.dialect == "sqlite":
            match = " OR ".join(f'"{t}"' for t in terms)
            rank = sa.literal_column("bm25(memory_fts)")
            stmt = (sa.select(ITEMS.c.id, rank.label("rank"))
                    .select_from(FTS.join(ITEMS, ITEMS.c.id == FTS.c.id))
                    .where(sa.text("memory_fts MATCH :match"), visible)
                    .order_by(rank).limit(n))
            rows = conn.execute(stmt, {"match": match}).all()
            return [(r[0], -float(r[1])) for r in rows]
        tsquery = sa.func.phraseto_tsquery("english", terms[0])
        for term in terms[1:]:
            tsquery = tsquery.op("||")(sa.func.phraseto_tsquery("english", term))
        tsv = sa.literal_column("memory_items.tsv")
        score = sa.func.ts_rank_cd(tsv, tsquery, 32).label("rank")
        stmt = (sa.select(ITEMS.c.id, score).where(tsv.op("@@")(tsquery), visible)
                .order_by(sa.desc("rank")).limit(n))
        return [(r[0], float(r[1])) for r in conn.execute(stmt).all()]
