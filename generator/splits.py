"""Train, validation and test splits, decided by the premise set alone.

A record's split is a hash of the canonical form of its premises (`canonical_id` of the
problem without its goal: invariant under renaming and reordering), so every record of
one premise set lands in the same split, in any run, on any machine: a model never meets
at test time the figure it was trained on with another goal.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from symbolic.parser import parse_problem

from .canonical import canonical_id
from .records import SPLITS

# Shares of premise sets per split, in the order of SPLITS.
SHARES = (0.90, 0.05, 0.05)


def premise_text(problem: str) -> str:
    """The premises of a problem text: everything before ` ? `."""
    return problem.partition("?")[0].strip()


@lru_cache(maxsize=4096)
def premise_key(problem: str) -> str:
    """The canonical id of a problem's premise set (its goal ignored)."""
    return canonical_id(parse_problem(premise_text(problem)).with_goal(None))


def split_of_key(key: str) -> str:
    """The split of a premise key: a fixed hash of it, cut at the SHARES."""
    digest = hashlib.sha256(f"pappus-split|{key}".encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    edge = 0.0
    for split, share in zip(SPLITS, SHARES, strict=True):
        edge += share
        if u < edge:
            return split
    return SPLITS[-1]


def split_of(problem: str) -> str:
    """The split of a record with this problem text."""
    return split_of_key(premise_key(problem))
