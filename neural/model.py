"""A decoder-only transformer, in the spirit of nanoGPT: one file, plain PyTorch.

Token and learned position embeddings, `n_layer` pre-norm blocks (causal self-attention,
then a GELU MLP), a final layer norm and an output head tied to the token embedding.
`forward` takes an optional key/value cache (`KVCache`) so that sampling many clauses
for one prompt reads the prompt once (`neural.guide`). Sizes are named (`SIZES`), from ~0.1M
parameters (tests) to ~26M.

This module imports torch: only the neural modules that need a model import it.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

import torch
from torch import Tensor, nn
from torch.nn import functional as F

from symbolic.errors import PappusError

# One layer's cached keys and values: (batch, heads, time, head size) each.
KV = tuple[Tensor, Tensor]


@dataclass(frozen=True)
class ModelConfig:
    """The shape of the model (all that is needed to rebuild it from its weights)."""

    vocab_size: int
    block_size: int = 512  # longest sequence: prompt and clause
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0

    def __post_init__(self) -> None:
        if self.n_embd % self.n_head:
            raise ValueError("n_embd must be a multiple of n_head")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


# Named sizes: (n_layer, n_head, n_embd); parameter counts at the default vocabulary.
SIZES: dict[str, tuple[int, int, int]] = {
    "tiny": (2, 2, 64),  # ~0.15M, for tests
    "mini": (4, 4, 128),  # ~0.9M
    "small": (6, 8, 256),  # ~4.9M
    "medium": (8, 8, 384),  # ~14M
    "large": (8, 8, 512),  # ~26M
}


def model_config(size: str, vocab_size: int, block_size: int = 512,
                 dropout: float = 0.0) -> ModelConfig:
    """The config of a named size (a `PappusError` naming the sizes for an unknown one)."""
    if size not in SIZES:
        raise PappusError(f"error: unknown model size {size!r}\n"
                          f"  hint: one of {', '.join(SIZES)}")
    n_layer, n_head, n_embd = SIZES[size]
    return ModelConfig(vocab_size, block_size, n_layer, n_head, n_embd, dropout)


class KVCache:
    """The keys and values of the tokens read so far, per layer, in buffers allocated once
    (growing a tensor by concatenation each token would copy the whole cache each time).
    """

    def __init__(self, config: ModelConfig, batch: int, capacity: int | None = None,
                 device: torch.device | str = "cpu") -> None:
        self.capacity = min(capacity or config.block_size, config.block_size)
        shape = (batch, config.n_head, self.capacity, config.n_embd // config.n_head)
        self.layers = [(torch.zeros(shape, device=device), torch.zeros(shape, device=device))
                       for _ in range(config.n_layer)]
        self.length = 0  # tokens read

    def repeat(self, n: int) -> KVCache:
        """A cache of batch n * batch, each row's keys and values repeated n times (to
        sample n continuations of one prompt)."""
        out = object.__new__(KVCache)
        out.capacity, out.length = self.capacity, self.length
        out.layers = [(k.repeat_interleave(n, 0), v.repeat_interleave(n, 0))
                      for k, v in self.layers]
        return out


class CausalSelfAttention(nn.Module):
    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.n_head = config.n_head
        self.qkv = nn.Linear(config.n_embd, 3 * config.n_embd)
        self.proj = nn.Linear(config.n_embd, config.n_embd)
        self.dropout = config.dropout
        self.resid_dropout = nn.Dropout(config.dropout)

    def forward(self, x: Tensor, kv: KV | None = None, start: int = 0) -> Tensor:
        """Attend over the cached tokens `[0, start)` of `kv` (then store x's keys and
        values there) and over x itself, causally."""
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
                   for t in (q, k, v))
        if kv is not None:
            kv[0][:, :, start:start + T] = k
            kv[1][:, :, start:start + T] = v
            k, v = kv[0][:, :, :start + T], kv[1][:, :, :start + T]
        if start == 0 or T == 1:
            # nothing before x: causal; one new token after a cache: it sees everything
            y = F.scaled_dot_product_attention(
                q, k, v, is_causal=start == 0 and T > 1,
                dropout_p=self.dropout if self.training else 0.0)
        else:  # several new tokens after a cache: each sees the cache and those before it
            S = start + T
            mask = torch.ones(T, S, dtype=torch.bool, device=x.device).tril(start)
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.resid_dropout(self.proj(y))


class MLP(nn.Module):
    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.fc = nn.Linear(config.n_embd, 4 * config.n_embd)
        self.proj = nn.Linear(4 * config.n_embd, config.n_embd)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x: Tensor) -> Tensor:
        return self.dropout(self.proj(F.gelu(self.fc(x))))


class Block(nn.Module):
    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd)
        self.mlp = MLP(config)

    def forward(self, x: Tensor, kv: KV | None = None, start: int = 0) -> Tensor:
        x = x + self.attn(self.ln_1(x), kv, start)
        return x + self.mlp(self.ln_2(x))


class Decoder(nn.Module):
    """The language model: token ids in, next-token logits out."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        self.wte = nn.Embedding(config.vocab_size, config.n_embd)
        self.wpe = nn.Embedding(config.block_size, config.n_embd)
        self.drop = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.n_layer))
        self.ln_f = nn.LayerNorm(config.n_embd)
        self.head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.head.weight = self.wte.weight  # tied: one matrix for reading and writing
        self.apply(self._init_weights)
        # GPT-2's scaled init of the residual projections keeps the stream's variance flat
        for name, p in self.named_parameters():
            if name.endswith("proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def num_params(self) -> int:
        """Parameters, the tied head counted once."""
        return sum(p.numel() for p in self.parameters())

    def forward(self, idx: Tensor, cache: KVCache | None = None) -> Tensor:
        """Logits (batch, time, vocab) for ids (batch, time) that follow the tokens of
        `cache` (if any), which then holds them too."""
        start = cache.length if cache is not None else 0
        T = idx.shape[1]
        room = cache.capacity if cache is not None else self.config.block_size
        if start + T > room:
            raise ValueError(f"sequence of {start + T} tokens exceeds the room of "
                             f"{room} (block size {self.config.block_size})")
        pos = torch.arange(start, start + T, device=idx.device)
        x = self.drop(self.wte(idx) + self.wpe(pos))
        for i, block in enumerate(self.blocks):
            x = block(x, cache.layers[i] if cache is not None else None, start)
        if cache is not None:
            cache.length += T
        return self.head(self.ln_f(x))


# ---------------------------------------------------------------- files

WEIGHTS, CONFIG, TOKENIZER = "model.safetensors", "config.json", "tokenizer.json"


def save_model(model: Decoder, out_dir: str | Path, extra: dict[str, Any] | None = None
               ) -> None:
    """Write `model.safetensors` and `config.json` (the model config under "model", plus
    `extra`) into `out_dir`, each through a temporary file."""
    from safetensors.torch import save_file

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # the tied head is the embedding: stored once
    state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()
             if k != "head.weight"}
    tmp = out / (WEIGHTS + ".tmp")
    save_file(state, str(tmp), metadata={"format": "pt"})
    tmp.replace(out / WEIGHTS)
    data = {"model": model.config.to_dict(), **(extra or {})}
    tmp = out / (CONFIG + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(out / CONFIG)


def load_model(model_dir: str | Path, device: str = "cpu") -> tuple[Decoder, dict[str, Any]]:
    """The model saved in `model_dir` (in eval mode, on `device`) and its config.json."""
    from safetensors.torch import load_file

    root = Path(model_dir)
    try:
        data = json.loads((root / CONFIG).read_text(encoding="utf-8"))
        config = ModelConfig.from_dict(data["model"])
        state = load_file(str(root / WEIGHTS), device=device)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PappusError(f"error: cannot load the model in {root}: {exc}\n"
                          f"  hint: a model folder holds {WEIGHTS}, {CONFIG} and "
                          f"{TOKENIZER} (written by `pappus train`)") from None
    model = Decoder(replace(config, dropout=0.0))
    state["head.weight"] = state["wte.weight"]
    model.load_state_dict(state)
    return model.to(device).eval(), data
