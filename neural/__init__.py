"""Auxiliary-point search and the model that guides it.

Without torch: the search (`search`, `expansion`), the random and heuristic proposers
(`proposers`, `heuristics`, `ranking`, `objects`, `placement`), tokens (`tokens`) and
training data (`train_data`). With the `neural` extra (torch): the decoder (`model`),
its training (`train`) and the model and ensemble proposers (`guide`); `extras` says
clearly when the extra is missing.
"""
