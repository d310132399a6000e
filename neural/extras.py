"""The optional `neural` extra (torch, safetensors): a clear error where it is missing.

The model-free parts of `neural` (tokens, search, the heuristic and random proposers)
never import torch; what needs it calls `require_torch` first, so a missing install is
one message naming the extra (exit code 2), not an ImportError traceback.
"""

from __future__ import annotations

from symbolic.errors import PappusError

INSTALL_HINT = 'pip install "pappus[neural]" (PyTorch 2.13 and safetensors)'


class MissingExtraError(PappusError):
    """An optional dependency a feature needs is not installed."""


def require_torch(feature: str) -> None:
    """Raise `MissingExtraError` unless torch and safetensors import."""
    try:
        import safetensors  # noqa: F401
        import torch  # noqa: F401
    except ImportError as exc:
        missing = getattr(exc, "name", None) or "torch"
        raise MissingExtraError(
            f"error: {feature} needs the 'neural' extra ({missing} is not installed)\n"
            f"  hint: {INSTALL_HINT}; without it, --proposer heuristic "
            "and --proposer random work") from None
