"""Training the proposer model, the nanoGPT way: one loop, plain AdamW, a cosine schedule.

The model learns to write the next auxiliary clause of a verified record given its
premises, its goal and the clauses before (`neural.train_data`); the loss falls on the
clause only. What is random depends on the seed and the step alone (the batch of step
t is drawn from a generator seeded with (seed, t); dropout is reseeded each step), so a
run stopped after a saved step and resumed with `resume=True` ends with the same
weights as one that never stopped.

A model folder holds `model.safetensors` and `config.json` (the model's shape, the
training config, the data read, the losses), `tokenizer.json`, `loss.png`,
`history.json` and, for resuming only, `trainer_state.pt` (the optimizer's tensors and
the step, loadable with `weights_only=True`).
"""

from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from symbolic.errors import PappusError

from .model import TOKENIZER, Decoder, load_model, model_config, save_model
from .tokens import Vocabulary
from .train_data import ExampleSet, TrainingData, batch_arrays, load_training_data

STATE, HISTORY, CURVE = "trainer_state.pt", "history.json", "loss.png"


@dataclass(frozen=True)
class TrainConfig:
    """How to train (the model's shape comes from `size`)."""

    size: str = "mini"
    steps: int = 2000
    batch_size: int = 32  # examples a step
    lr: float = 1e-3
    min_lr: float = 1e-4
    warmup: int = 100
    weight_decay: float = 0.1
    grad_clip: float = 1.0
    dropout: float = 0.0
    block_size: int = 512
    seed: int = 0
    eval_every: int = 250  # steps between validation losses (and checkpoints)
    eval_examples: int = 2000  # validation examples scored (the first ones, always the same)
    needed_only: bool = False  # only records whose auxiliary clauses are needed
    augment: int = 0  # other premise orders of each training record (train_data)
    per_figure: int = 0  # most training records of one premise set (0: no limit)
    device: str = "auto"

    def __post_init__(self) -> None:
        for name in ("steps", "batch_size", "eval_every", "block_size"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.device not in ("auto", "cpu", "cuda"):
            raise ValueError(f"device must be auto, cpu or cuda, not {self.device!r}")


@dataclass
class TrainResult:
    out_dir: str
    step: int
    params: int
    train_loss: float | None
    val_loss: float | None
    tokens_per_second: float
    seconds: float
    data: dict[str, Any] = field(default_factory=dict)


class TrainError(PappusError):
    """Training that cannot start (a missing device, a folder to resume that differs)."""


def pick_device(name: str) -> str:
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise TrainError("error: --device cuda, but torch sees no CUDA device\n"
                         "  hint: use --device cpu (or auto)")
    return name


def lr_at(step: int, cfg: TrainConfig) -> float:
    """Linear warm-up, then cosine decay from lr to min_lr at the last step."""
    if step < cfg.warmup:
        return cfg.lr * (step + 1) / cfg.warmup
    t = (step - cfg.warmup) / max(1, cfg.steps - cfg.warmup)
    return cfg.min_lr + 0.5 * (1 + math.cos(math.pi * min(t, 1.0))) * (cfg.lr - cfg.min_lr)


def optimizer(model: Decoder, cfg: TrainConfig) -> torch.optim.AdamW:
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    return torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                              {"params": rest, "weight_decay": 0.0}],
                             lr=cfg.lr, betas=(0.9, 0.95))


def _loss(model: Decoder, x: np.ndarray, y: np.ndarray, device: str) -> torch.Tensor:
    xs, ys = torch.from_numpy(x).to(device), torch.from_numpy(y).to(device)
    with torch.autocast("cuda", dtype=torch.bfloat16, enabled=device == "cuda"):
        logits = model(xs)
    return F.cross_entropy(logits.float().view(-1, logits.shape[-1]), ys.view(-1),
                           ignore_index=-100)


def train_step(model: Decoder, opt: torch.optim.Optimizer, x: np.ndarray, y: np.ndarray,
               lr: float, grad_clip: float, device: str) -> float:
    """One optimizer step on the batch (x, y) at learning rate `lr`; returns the loss."""
    for group in opt.param_groups:
        group["lr"] = lr
    loss = _loss(model, x, y, device)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    opt.step()
    return loss.item()


@torch.no_grad()
def evaluate(model: Decoder, examples: ExampleSet, pad: int, device: str,
             limit: int = 2000, batch: int = 64) -> float | None:
    """Mean loss a target token over the first `limit` examples (None when empty)."""
    n = min(limit, len(examples))
    if n == 0:
        return None
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    for lo in range(0, n, batch):
        x, y = batch_arrays(examples, range(lo, min(n, lo + batch)), pad)
        k = int((y != -100).sum())
        total += float(_loss(model, x, y, device)) * k
        count += k
    model.train(was_training)
    return total / count


def _resume(out: Path, cfg: TrainConfig, data: TrainingData, model: Decoder,
            opt: torch.optim.AdamW, device: str) -> tuple[int, dict[str, list]]:
    if not (out / STATE).is_file():
        raise TrainError(f"error: nothing to resume in {out} (no {STATE})\n"
                         "  hint: leave out --resume to start a new run there")
    saved = json.loads((out / "config.json").read_text(encoding="utf-8"))
    # a setting added since that run was saved has its default there
    before = {k: v for k, v in {**asdict(TrainConfig()), **saved["train"]}.items()
              if k != "steps"}
    now = {k: v for k, v in asdict(cfg).items() if k != "steps"}
    if before != now or saved["data"]["sources"] != data.sources:
        changed = sorted(k for k in now if before.get(k) != now[k]) or ["--data"]
        raise TrainError(f"error: {out} was trained with other settings ({changed[0]})\n"
                         "  hint: resume with the same options, or train into a new --out")
    weights, _ = load_model(out, device)
    model.load_state_dict(weights.state_dict())
    state = torch.load(out / STATE, map_location=device, weights_only=True)
    opt.load_state_dict(state["optimizer"])
    history = json.loads((out / HISTORY).read_text(encoding="utf-8"))
    return int(state["step"]), history


def _save(out: Path, model: Decoder, opt: torch.optim.AdamW, vocab: Vocabulary,
          cfg: TrainConfig, data: TrainingData, step: int, history: dict[str, list]) -> None:
    val = history["val"][-1][1] if history["val"] else None
    save_model(model, out, {"train": asdict(cfg), "step": step, "data": data.summary(),
                            "params": model.num_params(), "val_loss": val,
                            "vocab_size": len(vocab)})
    vocab.save(out / TOKENIZER)
    (out / HISTORY).write_text(json.dumps(history) + "\n", encoding="utf-8")
    tmp = out / (STATE + ".tmp")
    torch.save({"step": step, "optimizer": opt.state_dict()}, tmp)
    tmp.replace(out / STATE)
    plot_losses(history, out / CURVE)


def train(data_dirs: list[str], out_dir: str | Path, cfg: TrainConfig,
          resume: bool = False, progress: bool = True,
          stop_at: int | None = None) -> TrainResult:
    """Train (or resume training) a model on the verified records of `data_dirs`.

    `stop_at` ends this call after that step (saved; the schedule still runs to
    `cfg.steps`), so a long run can go in chunks, each resumed with `resume=True`."""
    from tqdm import tqdm

    out = Path(out_dir)
    if not resume and (out / STATE).exists():
        raise TrainError(f"error: {out} already holds a training run\n"
                         "  hint: pass --resume to continue it, or choose another --out")
    device = pick_device(cfg.device)
    vocab = Vocabulary()
    data = load_training_data(data_dirs, vocab, cfg.block_size, cfg.needed_only,
                              cfg.augment, cfg.seed, cfg.per_figure)
    torch.manual_seed(cfg.seed)
    model = Decoder(model_config(cfg.size, len(vocab), cfg.block_size, cfg.dropout))
    model.to(device)
    opt = optimizer(model, cfg)
    history: dict[str, list] = {"train": [], "val": []}
    step = 0
    if resume:
        step, history = _resume(out, cfg, data, model, opt, device)
    out.mkdir(parents=True, exist_ok=True)
    train_set, val_set = data.splits["train"], data.splits["validation"]
    bar = tqdm(total=cfg.steps, initial=step, desc="training", unit="step", file=sys.stderr,
               disable=not progress or None, dynamic_ncols=True)
    tokens, t0, busy = 0, time.perf_counter(), 0.0  # busy: seconds in steps (no eval)
    model.train()
    last = cfg.steps if stop_at is None else min(cfg.steps, stop_at)
    while step < last:
        t_step = time.perf_counter()
        rng = np.random.default_rng([cfg.seed, step])
        x, y = batch_arrays(train_set, rng.integers(0, len(train_set), cfg.batch_size),
                            vocab.pad)
        torch.manual_seed(cfg.seed * 1_000_003 + step)  # dropout, the same on resume
        loss = train_step(model, opt, x, y, lr_at(step, cfg), cfg.grad_clip, device)
        step += 1
        history["train"].append([step, loss])
        tokens += int((x != vocab.pad).sum())
        busy += time.perf_counter() - t_step
        rate = tokens / max(busy, 1e-9)
        bar.update()
        bar.set_postfix(loss=f"{history['train'][-1][1]:.3f}", tok_s=f"{rate:,.0f}", refresh=False)
        if step % cfg.eval_every == 0 or step in (cfg.steps, last):
            val = evaluate(model, val_set, vocab.pad, device, cfg.eval_examples)
            if val is not None:
                history["val"].append([step, val])
                bar.write(f"step {step}: train loss {_recent(history):.4f}, "
                          f"validation loss {val:.4f}", file=sys.stderr)
            _save(out, model, opt, vocab, cfg, data, step, history)
    bar.close()
    seconds = time.perf_counter() - t0
    val = history["val"][-1][1] if history["val"] else None
    return TrainResult(str(out), step, model.num_params(), _recent(history), val,
                       tokens / max(busy, 1e-9), seconds, data.summary())


def _recent(history: dict[str, list], n: int = 50) -> float | None:
    losses = [loss for _, loss in history["train"][-n:]]
    return sum(losses) / len(losses) if losses else None


def plot_losses(history: dict[str, list], path: str | Path) -> None:
    """The loss curve: training loss (a moving mean) and validation loss, by step."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 4))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    if history["train"]:
        steps, losses = zip(*history["train"], strict=True)
        k = max(1, len(losses) // 50)
        smooth = np.convolve(losses, np.ones(k) / k, mode="valid")
        ax.plot(steps[k - 1:], smooth, label="train")
    if history["val"]:
        steps, losses = zip(*history["val"], strict=True)
        ax.plot(steps, losses, "o-", label="validation")
    ax.set_xlabel("step")
    ax.set_ylabel("loss per clause token")
    ax.set_yscale("log")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(str(path), dpi=100)
