"""Long-term memory: Chroma vectors + SQL rows + keyword index, strictly scoped.

Import what you need from the submodules (`rlm_bot.memory.store.open_memory`,
`rlm_bot.memory.scope.Scope`); this package imports nothing heavy.
"""
