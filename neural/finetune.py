"""Fine-tuning a trained model on a stated mix of two example sets.

Each batch takes `round(mix * batch_size)` examples from the second set (the loop's
self-found records) and the rest from the first (the original corpus), both drawn with
a generator seeded with (seed, step), so the share is exact in every batch and a run
stopped after a checkpoint and resumed ends with the same weights. With an empty second
set every example comes from the first. The schedule and optimizer are `neural.train`'s
(warm-up, cosine decay, AdamW); the starting weights are the base model's.

The output folder is a model folder like `pappus train`'s (`model.safetensors`,
`config.json`, `tokenizer.json`, `history.json`, `loss.png`, and `trainer_state.pt`
while it may be resumed).
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from .model import TOKENIZER, load_model, save_model
from .tokens import Vocabulary
from .train import HISTORY, STATE, TrainConfig, evaluate, lr_at, optimizer, plot_losses, train_step
from .train_data import ExampleSet, batch_arrays


@dataclass(frozen=True)
class MixedBatches:
    """The two example sets of a fine-tuning run and the share of the second."""

    corpus: ExampleSet
    found: ExampleSet
    mix: float

    def found_per_batch(self, batch_size: int) -> int:
        return int(round(self.mix * batch_size)) if len(self.found) else 0

    def batch(self, rng: np.random.Generator, batch_size: int, pad: int
              ) -> tuple[np.ndarray, np.ndarray]:
        k = self.found_per_batch(batch_size)
        x1, y1 = batch_arrays(self.corpus, rng.integers(0, len(self.corpus),
                                                        batch_size - k), pad)
        if k == 0:
            return x1, y1
        x2, y2 = batch_arrays(self.found, rng.integers(0, len(self.found), k), pad)
        width = max(x1.shape[1], x2.shape[1])
        x = np.full((batch_size, width), pad, np.int64)
        y = np.full((batch_size, width), -100, np.int64)
        x[:len(x1), :x1.shape[1]], y[:len(y1), :y1.shape[1]] = x1, y1
        x[len(x1):, :x2.shape[1]], y[len(x1):, :y2.shape[1]] = x2, y2
        return x, y


def finetune(base_dir: Path, out_dir: Path, data: MixedBatches, val: ExampleSet,
             cfg: TrainConfig, progress: bool = True) -> dict[str, Any]:
    """Fine-tune the model in `base_dir` into `out_dir` for `cfg.steps` steps (resuming
    a checkpoint there); a summary (last losses, the mix)."""
    from tqdm import tqdm

    vocab = Vocabulary.load(base_dir / TOKENIZER)
    if len(data.corpus) == 0:
        raise ValueError("fine-tuning needs corpus examples")
    model, _ = load_model(base_dir, cfg.device if cfg.device != "auto" else "cpu")
    device = str(next(model.parameters()).device)
    opt = optimizer(model, cfg)
    history: dict[str, list] = {"train": [], "val": []}
    step = 0
    if (out_dir / STATE).is_file():
        saved, _ = load_model(out_dir, device)
        model.load_state_dict(saved.state_dict())
        state = torch.load(out_dir / STATE, map_location=device, weights_only=True)
        opt.load_state_dict(state["optimizer"])
        step = int(state["step"])
        history = json.loads((out_dir / HISTORY).read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    model.train()
    bar = tqdm(total=cfg.steps, initial=step, desc="fine-tuning", unit="step",
               file=sys.stderr, disable=not progress or None, dynamic_ncols=True)
    summary = {"base": str(base_dir), "mix": data.mix, "batch_size": cfg.batch_size,
               "found_per_batch": data.found_per_batch(cfg.batch_size),
               "corpus_examples": len(data.corpus), "found_examples": len(data.found),
               "train": asdict(cfg)}
    while step < cfg.steps:
        rng = np.random.default_rng([cfg.seed, step])
        x, y = data.batch(rng, cfg.batch_size, vocab.pad)
        torch.manual_seed(cfg.seed * 1_000_003 + step)
        loss = train_step(model, opt, x, y, lr_at(step, cfg), cfg.grad_clip, device)
        step += 1
        history["train"].append([step, loss])
        bar.update()
        bar.set_postfix(loss=f"{loss:.3f}", refresh=False)
        if step % cfg.eval_every == 0 or step == cfg.steps:
            v = evaluate(model, val, vocab.pad, device, cfg.eval_examples)
            if v is not None:
                history["val"].append([step, v])
            _save(out_dir, model, opt, vocab, step, history, summary)
    bar.close()
    return {**summary, **losses(history)}


def _save(out: Path, model: Any, opt: torch.optim.Optimizer, vocab: Vocabulary, step: int,
          history: dict[str, list], summary: dict[str, Any]) -> None:
    save_model(model, out, {"finetune": summary, "step": step, **losses(history)})
    vocab.save(out / TOKENIZER)
    (out / HISTORY).write_text(json.dumps(history) + "\n", encoding="utf-8")
    tmp = out / (STATE + ".tmp")
    torch.save({"step": step, "optimizer": opt.state_dict()}, tmp)
    tmp.replace(out / STATE)
    plot_losses(history, out / "loss.png")


def losses(history: dict[str, list], n: int = 50) -> dict[str, float | None]:
    """The mean of the last `n` training losses and the last validation loss."""
    recent = [v for _, v in history["train"][-n:]]
    return {"train_loss": sum(recent) / len(recent) if recent else None,
            "val_loss": history["val"][-1][1] if history["val"] else None}


def copy_model(src: Path, dst: Path) -> None:
    """A model folder's files (weights, config, tokenizer) copied into `dst`."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in ("model.safetensors", "config.json", TOKENIZER):
        shutil.copyfile(src / name, dst / (name + ".tmp"))
        (dst / (name + ".tmp")).replace(dst / name)
