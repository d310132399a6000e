"""Expert iteration on verified proofs: search, check, retrain, evaluate, round after round.

Round 0 generates the training corpus (the generator's `aux` preset) and the synthetic
hard test pool (frozen from then on; or takes it from a file another run exported,
`neural.frozen_pool`: it is a fixed held-out set, like the benchmarks), trains the
first model (or copies a given one) and evaluates it. Round r >= 1:

1. **pool**: fresh needed-aux problems (premises and goal; a new generator seed, premise
   sets of the corpus, the test pool and earlier pools left out, most auxiliary points
   first), kept when the current model's search fails on them at `filter_calls`;
2. **search**: the current model's search on the pool at `search_calls` prover calls
   (more than the evaluation's `calls`: the search finds what the model's first
   proposals miss, and the fine-tune teaches the model to propose it first); each
   proof found passes the generator's verification gate and becomes a record with its
   provenance (round, model, search settings) in `rounds/r/found/`;
3. **train**: the model fine-tuned on the original corpus plus every self-found record
   so far, `mix` of each batch from the latter (`neural.finetune`); the records are
   verified again on the way in (`neural.loop_data.read_trusted`); both with the
   shipped checkpoint's augmentation (other premise orders, `augment`);
4. **eval**: the new model's search at `calls` on the frozen test pool and on the
   benchmark problems DD+AR alone misses (the same seed every round).

Every step writes its outputs, then is marked done in `state.json`; a run killed at any
point and resumed redoes at most the unfinished step (searches and training resume
within a step too) and ends in the same state as one never stopped: budgets are counts
(records, steps, prover calls), every random choice is seeded, torch runs one thread in each
search process and a fixed number (`threads`) in the loop's own training on a CPU.
Seconds go to `times.json` only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .loop_config import LoopConfig, LoopConfigError
from .loop_data import PoolProblem

STATE, CONFIG, TIMES = "state.json", "loop.json", "times.json"
FROZEN_KEYS = "premise_keys.json"  # of a test pool taken from a file
ROUND0_STEPS, ROUND_STEPS = ("corpus", "test_pool", "model", "eval"), ("pool", "search",
                                                                     "train", "eval")
TEST_SEED_OFFSET, POOL_SEED_OFFSET = 500_000, 1_000


def step_names(rounds: int) -> list[str]:
    """The steps of a run of `rounds` rounds after round 0, in order (`r0:corpus`...)."""
    names = [f"r0:{s}" for s in ROUND0_STEPS]
    for r in range(1, rounds + 1):
        names += [f"r{r}:{s}" for s in ROUND_STEPS]
    return names


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def _read_json(path: Path, default: Any = None) -> Any:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else default


class Loop:
    """One loop run in `run_dir`; `run()` does every step not yet done."""

    def __init__(self, run_dir: str | Path, config: LoopConfig, rounds: int,
                 resume: bool = False, progress: bool = True,
                 on_step: Callable[[str], None] | None = None) -> None:
        self.dir = Path(run_dir)
        self.config, self.rounds, self.progress = config, rounds, progress
        self.on_step = on_step
        if rounds < 0:
            raise LoopConfigError("error: --rounds must be 0 or more\n"
                                  "  hint: round 0 trains and evaluates the first model")
        saved = _read_json(self.dir / CONFIG)
        if saved is not None and not resume:
            raise LoopConfigError(f"error: {self.dir} already holds a loop run\n"
                                  "  hint: pass --resume to continue it, or choose another --out")
        if saved is None and resume:
            raise LoopConfigError(f"error: nothing to resume in {self.dir} (no {CONFIG})\n"
                                  "  hint: leave out --resume to start a run there")
        changed = config.differs_from(saved["identity"]) if saved is not None else []
        if changed:
            raise LoopConfigError(
                f"error: {self.dir} was run with other settings ({', '.join(changed[:3])})\n"
                "  hint: resume with the run's own settings (see its loop.json), or "
                "start a new --out")
        self.done: list[str] = _read_json(self.dir / STATE, {"done": []})["done"]
        if config.test_pool is not None and "r0:test_pool" not in self.done:
            from .frozen_pool import read_frozen_pool

            read_frozen_pool(Path(config.test_pool))  # a bad file fails now, not later
        self.dir.mkdir(parents=True, exist_ok=True)
        _write_json(self.dir / CONFIG, {"identity": config.identity(),
                                        "config": config.to_dict()})

    # ------------------------------------------------------------ paths

    def round_dir(self, r: int) -> Path:
        return self.dir / "rounds" / f"{r:02d}"

    def model_dir(self, r: int) -> Path:
        return self.round_dir(r) / "model"

    def found_dirs(self, upto: int) -> list[Path]:
        return [self.round_dir(r) / "found" for r in range(1, upto + 1)]

    def rel(self, path: Path) -> str:
        return path.relative_to(self.dir).as_posix()

    # ------------------------------------------------------------ driving

    def run(self) -> list[dict[str, Any]]:
        """Every step not done yet, in order; the per-round summaries."""
        from . import loop_report

        for name in step_names(self.rounds):
            if name in self.done:
                continue
            r_text, step = name.split(":")
            import time

            t0 = time.perf_counter()
            with self._threads():
                getattr(self, f"_step_{step}")(int(r_text[1:]))
            times = _read_json(self.dir / TIMES, {})
            times[name] = round(time.perf_counter() - t0, 2)
            _write_json(self.dir / TIMES, times)
            self.done.append(name)
            _write_json(self.dir / STATE, {"done": self.done})
            if step == "eval":
                loop_report.write_reports(self)
            if self.on_step is not None:
                self.on_step(name)
        return loop_report.round_rows(self)

    def _threads(self) -> Any:
        import torch

        from .guide import torch_threads

        return torch_threads(self.config.threads, torch.device(
            "cuda" if self.config.device == "cuda" else "cpu"))

    # ------------------------------------------------------------ round 0

    def _step_corpus(self, r: int) -> None:
        from .loop_data import generate_records

        c = self.config
        generate_records(self.dir / "corpus", c.corpus_count, c.seed, c.workers,
                         c.gen_backend, progress=self.progress)

    def _fresh(self, dataset: Path, count: int, seed: int, exclude: set[str]
               ) -> list[PoolProblem]:
        from .loop_data import generate_records, pool_candidates

        c = self.config
        generate_records(dataset, count, seed, c.workers, c.gen_backend,
                         max_per_sample=c.per_premise, progress=self.progress)
        return pool_candidates(dataset, exclude, c.per_premise)

    def _step_test_pool(self, r: int) -> None:
        from .loop_data import premise_keys, save_pool

        c, test = self.config, self.dir / "test"
        corpus_keys = premise_keys([self.dir / "corpus"])
        if c.test_pool is not None:
            from .frozen_pool import take_frozen_pool

            pool, exclude, summary = take_frozen_pool(Path(c.test_pool), corpus_keys,
                                                      c.test_size)
            test.mkdir(parents=True, exist_ok=True)
            _write_json(test / FROZEN_KEYS, sorted(exclude))
            _write_json(test / "frozen.json", summary)
            save_pool(test / "pool.jsonl", pool)
            return
        pool = self._fresh(test / "generated", c.test_candidates, c.seed + TEST_SEED_OFFSET,
                           corpus_keys)
        # not filtered by the model: the round-0 rate is no selection artefact
        save_pool(test / "pool.jsonl", pool[:c.test_size])

    def _test_keys(self) -> set[str]:
        """The premise keys of the test pool's figures, which no round's pool may use."""
        from .loop_data import premise_keys

        test = self.dir / "test"
        if (test / FROZEN_KEYS).is_file():
            return set(_read_json(test / FROZEN_KEYS))
        return premise_keys([test / "generated"])

    def _step_model(self, r: int) -> None:
        from .finetune import copy_model
        from .train import STATE as TRAIN_STATE
        from .train import TrainConfig, train

        c, out = self.config, self.model_dir(0)
        if c.base_model is not None:
            copy_model(Path(c.base_model), out)
            return
        cfg = TrainConfig(size=c.size, steps=c.base_steps, batch_size=c.batch_size, lr=c.lr,
                          min_lr=min(c.lr, 1e-4), warmup=max(1, min(100, c.base_steps // 10)),
                          block_size=c.block_size, seed=c.seed, dropout=c.dropout,
                          augment=c.augment, per_figure=c.per_figure,
                          eval_every=max(1, c.base_steps // 5), device=c.device)
        train([str(self.dir / "corpus")], out, cfg, resume=(out / TRAIN_STATE).is_file(),
              progress=self.progress)

    # ------------------------------------------------------------ rounds

    def search_config(self, model_round: int, calls: int, seed: int) -> Any:
        from .search import SearchConfig

        c = self.config
        return SearchConfig(proposer="model", model=str(self.model_dir(model_round)),
                            max_calls=calls, timeout=c.search_timeout, seed=seed)

    def _search(self, pool: list[PoolProblem], model_round: int, calls: int, seed: int,
                path: Path, desc: str) -> list[dict[str, Any]]:
        from .loop_search import SearchTask, search_all

        tasks = [SearchTask(p.id, p.problem) for p in pool]
        return search_all(tasks, self.search_config(model_round, calls, seed), path,
                          self.config.workers, self.progress, desc)

    def _step_pool(self, r: int) -> None:
        from .loop_data import save_pool

        c, rd = self.config, self.round_dir(r)
        from .loop_data import premise_keys

        exclude = premise_keys([self.dir / "corpus",
                                *(self.round_dir(k) / "generated" for k in range(1, r))])
        fresh = self._fresh(rd / "generated", c.pool_candidates,
                            c.seed + POOL_SEED_OFFSET * r, exclude | self._test_keys())
        lines = self._search(fresh, r - 1, c.filter_calls, c.seed + r, rd / "filter.jsonl",
                             f"round {r}: hard pool")
        hard = [p for p, line in zip(fresh, lines, strict=True) if not line["proof"]]
        save_pool(rd / "pool.jsonl", hard[:c.pool_size])

    def _step_search(self, r: int) -> None:
        from .loop_data import found_record, load_pool, write_found
        from .loop_search import config_dict

        c, rd = self.config, self.round_dir(r)
        pool = load_pool(rd / "pool.jsonl")
        lines = self._search(pool, r - 1, c.search_calls, c.seed + r, rd / "search.jsonl",
                             f"round {r}: search")
        settings = config_dict(self.search_config(r - 1, c.search_calls, c.seed + r))
        settings["model"] = self.rel(self.model_dir(r - 1))
        records, rejected = [], []
        for p, line in zip(pool, lines, strict=True):
            if not line["proof"]:
                continue
            record, why = found_record(line["proof"], p, {"round": r, "search": settings,
                                                          "proved_at_call":
                                                              line["proved_at_call"]})
            if record is None:
                rejected.append({"pool_id": p.id, "why": why[:200]})
            else:
                records.append(record)
        write_found(rd / "found", records)
        _write_json(rd / "found" / "summary.json", {"records": len(records),
                                                    "rejected": rejected})

    def _step_train(self, r: int) -> None:
        from .finetune import MixedBatches, finetune
        from .loop_data import examples_of, read_trusted
        from .model import TOKENIZER
        from .tokens import Vocabulary

        c, rd = self.config, self.round_dir(r)
        records = read_trusted(self.found_dirs(r))
        vocab = Vocabulary.load(self.model_dir(r - 1) / TOKENIZER)
        corpus = corpus_examples(c, self.dir / "corpus", vocab, r)
        found = examples_of(records, vocab, c.block_size, c.augment, c.seed + r)
        cfg = finetune_config(c, r)
        mix = MixedBatches(corpus.splits["train"], found, c.mix)
        summary = finetune(self.model_dir(r - 1), self.model_dir(r), mix,
                           corpus.splits["validation"], cfg, self.progress)
        summary.update(base=self.rel(self.model_dir(r - 1)), found_records=len(records),
                       corpus_records=corpus.counts.get("used", 0))
        _write_json(rd / "train.json", summary)

    def _step_eval(self, r: int) -> None:
        from .loop_data import load_pool

        c, rd = self.config, self.round_dir(r)
        test = load_pool(self.dir / "test" / "pool.jsonl")
        self._search(test, r, c.calls, c.seed, rd / "eval_test.jsonl",
                     f"round {r}: test pool")
        self._search(bench_pool(c), r, c.calls, c.seed, rd / "eval_bench.jsonl",
                     f"round {r}: benchmarks")


def finetune_config(config: LoopConfig, r: int) -> Any:
    """The `TrainConfig` of round `r`'s fine-tune."""
    from .train import TrainConfig

    c = config
    return TrainConfig(size=c.size, steps=c.finetune_steps, batch_size=c.batch_size,
                       lr=c.finetune_lr, min_lr=c.finetune_lr / 10,
                       warmup=max(1, c.finetune_steps // 10), block_size=c.block_size,
                       seed=c.seed + r, eval_every=max(1, c.finetune_steps // 3),
                       device=c.device)


def corpus_examples(config: LoopConfig, corpus_dir: Path, vocab: Any, r: int) -> Any:
    """The original corpus's examples for round `r`'s fine-tune (the first model's data
    recipe; the reordered copies drawn afresh each round)."""
    from .train_data import load_training_data

    return load_training_data([corpus_dir], vocab, config.block_size,
                              augment=config.augment, seed=config.seed + r,
                              per_figure=config.per_figure)


def bench_pool(config: LoopConfig) -> list[PoolProblem]:
    """The benchmark problems DD+AR alone misses (or the first `bench_limit`), as pool
    entries named `file:problem`."""
    from pappus.problems import benchmark_file
    from symbolic.parser import load_problems

    out = []
    for file, name in config.bench_problems():
        problem = load_problems(benchmark_file(file), [name])[0]
        out.append(PoolProblem(f"{file.removesuffix('.txt')}:{name}", problem.to_text(),
                               "", 0))
    return out
