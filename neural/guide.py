"""The model proposer: a trained decoder writes the auxiliary clauses of a search node.

For a node, the prompt is its problem in canonical names (`neural.tokens.node_prompt`);
the model reads it once, then K clauses are sampled together (one batch, the prompt's
keys and values shared), each token from the `top_k` most likely ones at `temperature`.
A clause's score is its log-probability under the model (temperature 1), divided by
its length in tokens to the power `length_norm` (0: the plain sum; 1: the mean), so
the search can add scores along a path. By default (`constrained`) each token is drawn
only from those `neural.grammar` allows, so a decode is always a clause the node can
take (new points named in order, a known construction, existing points in its other
slots). Decodes that are still not one (no `<eos>` within `max_tokens`, or a clause the
parser refuses; with `constrained=False` also names the problem lacks, a point defined
twice, ...) are dropped and counted in `dropped`; repeats are merged. The same node and
seed give the same clauses.

`EnsembleProposer` takes the model's clauses and the heuristic's in turn.

This module imports torch (through `neural.model`); `make_proposer("model")` imports it
only after `neural.extras.require_torch` says torch is there.
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from symbolic.errors import PappusError
from symbolic.parser import parse_problem

from .grammar import ClauseGrammar
from .model import TOKENIZER, Decoder, KVCache, load_model
from .proposers import HeuristicProposer, NodeView, Proposal
from .tokens import TokenError, Vocabulary, node_prompt

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "checkpoints" / "default"


class ModelNotFoundError(PappusError):
    """No model where one was asked for (or none shipped yet)."""


def resolve_model_dir(model_dir: str | Path | None) -> Path:
    """The model folder to use: `model_dir`, or the shipped default."""
    root = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    if (root / "model.safetensors").is_file():
        return root
    if model_dir is None:
        raise ModelNotFoundError(
            f"error: no default model checkpoint is shipped yet (no model in {root})\n"
            "  hint: pass --model DIR with a folder written by `pappus train`")
    raise ModelNotFoundError(
        f"error: no model in {root} (no model.safetensors)\n"
        "  hint: --model takes a folder written by `pappus train`")


@lru_cache(maxsize=4)
def _load(root: str, device: str) -> tuple[Decoder, Vocabulary]:
    model, _ = load_model(root, device)
    return model, Vocabulary.load(Path(root) / TOKENIZER)


@dataclass(frozen=True)
class GuideConfig:
    """How clauses are sampled for a node."""

    samples: int = 32  # K: clauses sampled a node (one batch)
    temperature: float = 1.0
    top_k: int = 16  # each token from the k most likely (0: from all)
    length_norm: float = 1.0  # score = log-probability / tokens ** length_norm
    max_tokens: int = 40  # longest clause, <eos> included
    # sample only tokens that keep the decode a clause the node can take (neural.grammar)
    constrained: bool = True
    device: str = "cpu"
    # torch threads while sampling on the CPU (0: torch's own setting). One: a batch of
    # K short decodes gains nothing from more, and with several processes on the cores
    # (`bench --jobs`, a loaded machine) more threads made sampling ~25x slower
    threads: int = 1

    def __post_init__(self) -> None:
        if self.samples < 1 or self.max_tokens < 2 or self.top_k < 0 or self.threads < 0:
            raise ValueError("samples must be at least 1, max_tokens at least 2, "
                             "top_k and threads at least 0")
        if self.temperature <= 0:
            raise ValueError("temperature must be positive")


@contextmanager
def torch_threads(n: int, device: torch.device) -> Iterator[None]:
    """torch's intra-op threads set to `n` (0 or a GPU: unchanged) for a block."""
    before = torch.get_num_threads()
    if n and device.type == "cpu" and n != before:
        torch.set_num_threads(n)
        try:
            yield
        finally:
            torch.set_num_threads(before)
    else:
        yield


def sample_clauses(model: Decoder, prompt: list[int], eos: int, cfg: GuideConfig,
                   seed: int = 0, grammar: ClauseGrammar | None = None,
                   n_points: int = 0) -> list[tuple[list[int], float, bool]]:
    """K continuations of `prompt`: (token ids without `<eos>`, log-probability under
    the model, whether it ended with `<eos>`). With a `grammar` (for a node of
    `n_points` points) only the tokens it allows are sampled, and the log-probability
    is that of the model's distribution restricted to them."""
    device = next(model.parameters()).device
    with torch_threads(cfg.threads, device), torch.no_grad():
        return _sample(model, prompt, eos, cfg, seed, grammar, n_points, device)


def _sample(model: Decoder, prompt: list[int], eos: int, cfg: GuideConfig, seed: int,
            grammar: ClauseGrammar | None, n_points: int, device: torch.device
            ) -> list[tuple[list[int], float, bool]]:
    K = cfg.samples
    gen = torch.Generator(device=device).manual_seed(seed)
    prompt_cache = KVCache(model.config, 1, len(prompt) + cfg.max_tokens, device)
    logits = model(torch.tensor([prompt], device=device), prompt_cache)
    last = logits[:, -1, :].float().expand(K, -1)
    cache = prompt_cache.repeat(K)
    out = torch.full((K, cfg.max_tokens), eos, dtype=torch.long, device=device)
    logp = torch.zeros(K, device=device)
    done = torch.zeros(K, dtype=torch.bool, device=device)
    states = [grammar.start()] * K if grammar is not None else []
    for t in range(cfg.max_tokens):
        if grammar is not None:
            allowed = np.stack([grammar.allowed(s, n_points) for s in states])
            last = last.masked_fill(~torch.from_numpy(allowed).to(device), float("-inf"))
        scaled = last / cfg.temperature
        if cfg.top_k and cfg.top_k < scaled.shape[-1]:
            kth = torch.topk(scaled, cfg.top_k, dim=-1).values[:, -1:]
            scaled = scaled.masked_fill(scaled < kth, float("-inf"))
        token = torch.multinomial(F.softmax(scaled, dim=-1), 1, generator=gen).squeeze(1)
        token = torch.where(done, torch.full_like(token, eos), token)
        step_logp = F.log_softmax(last, dim=-1).gather(1, token[:, None]).squeeze(1)
        logp += torch.where(done, torch.zeros_like(step_logp), step_logp)
        out[:, t] = token
        done |= token == eos
        if grammar is not None:
            states = [grammar.step(s, tok) for s, tok in zip(states, token.tolist(), strict=True)]
        if bool(done.all()) or t + 1 == cfg.max_tokens:
            break
        logits = model(token[:, None], cache)
        last = logits[:, -1, :].float()
    result = []
    for row, lp in zip(out.tolist(), logp.tolist(), strict=True):
        ended = eos in row
        result.append((row[:row.index(eos)] if ended else row, lp, ended))
    return result


class ModelProposer:
    """Clauses sampled from a trained model (see the module docstring).

    Options: `model_dir` (default: the shipped checkpoint), and those of `GuideConfig`.
    """

    name = "model"
    log_prob_scores = True  # the search adds scores along a path (they are log-probs)

    def __init__(self, model_dir: str | Path | None = None, **options: Any) -> None:
        try:
            self.config = GuideConfig(**options)
        except ValueError as exc:
            raise PappusError(f"error: model proposer: {exc}") from None
        self.model_dir = resolve_model_dir(model_dir)
        self.model, self.vocab = _load(str(self.model_dir), self.config.device)
        self.grammar = ClauseGrammar(self.vocab) if self.config.constrained else None
        self.dropped: Counter[str] = Counter()

    def propose(self, node: NodeView, limit: int, seed: int = 0) -> list[Proposal]:
        """At most `limit` distinct clauses for the node, best score first."""
        problem = node.problem
        try:
            prompt, renaming = node_prompt(self.vocab, problem, len(node.aux))
        except TokenError:
            self.dropped["node not in the vocabulary"] += 1
            return []
        if len(prompt) + self.config.max_tokens > self.model.config.block_size:
            self.dropped["prompt longer than the model's context"] += 1
            return []
        seed = zlib.crc32(bytes(str(prompt), "ascii"), seed & 0xFFFFFFFF)  # per node, reproducible
        body = problem.to_text(with_goal=False)
        best: dict[str, float] = {}
        for ids, logp, ended in sample_clauses(self.model, prompt, self.vocab.eos,
                                               self.config, seed, self.grammar,
                                               len(problem.points)):
            if not ended:
                self.dropped["decode without <eos>"] += 1
                continue
            clause = renaming.back(self.vocab.decode(ids))
            parsed = _one_clause(body, len(problem.clauses), clause)
            if parsed is None:
                self.dropped["decode not a clause of the node"] += 1
                continue
            score = logp / (len(ids) + 1) ** self.config.length_norm
            if parsed in best:
                self.dropped["repeated decode"] += 1
            best[parsed] = max(score, best.get(parsed, -math.inf))
        ranked = sorted(best.items(), key=lambda kv: -kv[1])[:limit]
        return [Proposal(c, s, _kind(c)) for c, s in ranked]


def _one_clause(body: str, n_clauses: int, clause: str) -> str | None:
    """`clause` in canonical form if it is one clause the problem `body` can take (known
    construction, defined arguments, new points), else None."""
    try:
        parsed = parse_problem(f"{body}; {clause}")
    except PappusError:
        return None
    if len(parsed.clauses) != n_clauses + 1 or parsed.goal is not None:
        return None  # empty, several clauses, or a goal
    return parsed.clauses[-1].to_text()


def _kind(clause: str) -> str:
    return "model:" + clause.partition("=")[2].split()[0]


class EnsembleProposer:
    """The model's clauses and the heuristic's in turn (model first), repeats left out;
    scores fall with the position in that merged list.

    Options: `model_dir` and `GuideConfig`'s, for the model.
    """

    name = "ensemble"

    def __init__(self, model_dir: str | Path | None = None, **options: Any) -> None:
        self.model = ModelProposer(model_dir, **options)
        self.heuristic = HeuristicProposer()

    @property
    def dropped(self) -> Counter[str]:
        return self.model.dropped

    def propose(self, node: NodeView, limit: int, seed: int = 0) -> list[Proposal]:
        lists = [self.model.propose(node, limit, seed),
                 self.heuristic.propose(node, limit, seed)]
        merged: list[Proposal] = []
        seen: set[str] = set()
        for k in range(max(map(len, lists))):
            for proposals in lists:
                if k < len(proposals) and proposals[k].clause not in seen:
                    seen.add(proposals[k].clause)
                    merged.append(proposals[k])
        return [Proposal(p.clause, -math.log1p(i), p.kind)
                for i, p in enumerate(merged[:limit])]


PROPOSERS = {"model": ModelProposer, "ensemble": EnsembleProposer}
