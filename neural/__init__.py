"""Auxiliary-point search: proposers (random, heuristic) and the search that uses them.

Nothing here imports torch; the model proposer lives in its own modules.
"""
