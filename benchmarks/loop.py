"""The expert-iteration loop against its control arms, round by round.

Arms (each in OUT/<arm>, each resumable: run the same command again to continue):

* `main`: `neural.loop.Loop` as `pappus loop` runs it (checked proofs, mixed with the
  corpus at the config's `mix`);
* `unchecked` (CONTROL ARM, this script only): the same loop, but each round also adds
  the model's own top proposal for every pool problem as a record, proved or not,
  never checked;
* `self-only` (CONTROL ARM, this script only): fine-tuned on the self-found (checked)
  records alone, no corpus in the mix;
* `corpus-only` (CONTROL ARM, this script only): the same fine-tunes on the corpus
  alone, no self-found records: what the extra training steps give by themselves.

The control arms share the main arm's round 0 (corpus, test pool, first model, its
evaluation) and each round's pool step (the pool is drawn with the round's starting
model, the same for every arm in round 1; later rounds filter the same generated
candidates, copied from the main arm when it has them, with their own model). Writes
OUT/curves.png and a section of benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/loop.py --config reduced --rounds 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from results_log import RESULTS, ROOT, commit, machine, publish, say

from neural.loop import STATE, Loop
from neural.loop_config import LoopConfig, named_config
from neural.loop_report import plot, round_rows, table

# A config that fits this session's CPU (about 30 CPU-minutes for the main arm's round 0
# and one round of every arm); `small` is the one of the issue (about 6 CPU-hours).
REDUCED = LoopConfig(seed=101, corpus_count=60, size="tiny", base_steps=300, batch_size=32,
                     pool_candidates=20, pool_size=8, per_premise=3, filter_calls=2,
                     search_calls=32, calls=16, finetune_steps=100, test_candidates=20,
                     test_size=16, bench_limit=4, workers=2, search_timeout=300.0)
ARMS = ("main", "unchecked", "self-only", "corpus-only")


class SharedCandidates(Loop):
    """A control arm's round pools filter the main arm's generated candidates (the same
    generator seed gives the same ones; copying them saves the generation)."""

    main_dir: Path | None = None

    def _step_pool(self, r: int) -> None:
        if self.main_dir is not None:
            src = self.main_dir / "rounds" / f"{r:02d}" / "generated"
            dst = self.round_dir(r) / "generated"
            main_done = json.loads((self.main_dir / STATE).read_text())["done"]
            if f"r{r}:pool" in main_done and not dst.exists():
                shutil.copytree(src, dst)
        super()._step_pool(r)


class UncheckedLoop(SharedCandidates):
    """CONTROL ARM: adds the model's top root proposal for every pool problem, unchecked."""

    def _step_search(self, r: int) -> None:
        super()._step_search(r)
        from neural.guide import ModelProposer
        from neural.loop_data import load_pool
        from symbolic.diagram import realize
        from symbolic.parser import parse_problem

        rd = self.round_dir(r)
        proposer = ModelProposer(self.model_dir(r - 1))
        rows = []
        for p in load_pool(rd / "pool.jsonl"):
            problem = parse_problem(p.problem)

            class Node:
                aux: tuple[str, ...] = ()

            node = Node()
            node.problem, node.diagram = problem, realize(problem, seed=self.config.seed)  # type: ignore[attr-defined]
            top = proposer.propose(node, 1, seed=self.config.seed)  # type: ignore[arg-type]
            if top:
                rows.append({"problem": p.problem, "aux": [top[0].clause], "verified": False})
        (rd / "unchecked.jsonl").write_text("".join(json.dumps(x) + "\n" for x in rows))

    def _found_examples(self, r: int, vocab: Any) -> Any:
        from neural.loop_data import clause_examples, read_trusted

        c = self.config
        pairs = [(x.problem, list(x.aux)) for x in read_trusted(self.found_dirs(r))]
        for k in range(1, r + 1):
            for line in (self.round_dir(k) / "unchecked.jsonl").read_text().splitlines():
                x = json.loads(line)
                pairs.append((x["problem"], list(x["aux"])))
        # the checked records of the main path, then the unchecked ones, both augmented
        return clause_examples(pairs, vocab, c.block_size, c.augment, c.seed + r)

    def _step_train(self, r: int) -> None:
        _train(self, r, self._found_examples, with_corpus=True)


class SelfOnlyLoop(SharedCandidates):
    """CONTROL ARM: fine-tuned on self-found checked records alone."""

    def _step_train(self, r: int) -> None:
        _train(self, r, checked_examples(self), with_corpus=False)


class CorpusOnlyLoop(Loop):
    """CONTROL ARM: the same fine-tunes on the corpus alone (self-found records unused,
    so its pools are left empty and nothing is searched)."""

    def _step_pool(self, r: int) -> None:
        from neural.loop_data import save_pool

        self.round_dir(r).mkdir(parents=True, exist_ok=True)
        save_pool(self.round_dir(r) / "pool.jsonl", [])

    def _step_search(self, r: int) -> None:
        self._step_pool(r)  # round 1's pool came from the main arm
        super()._step_search(r)

    def _step_train(self, r: int) -> None:
        from neural.train_data import ExampleSet

        _train(self, r, lambda k, vocab: ExampleSet.of([]), with_corpus=True)


def checked_examples(loop: Loop) -> Any:
    """The examples of the checked self-found records up to a round (augmented)."""
    from neural.loop_data import examples_of, read_trusted

    def found(k: int, vocab: Any) -> Any:
        c = loop.config
        return examples_of(read_trusted(loop.found_dirs(k)), vocab, c.block_size,
                           c.augment, c.seed + k)

    return found


def _train(loop: Loop, r: int, found_examples: Any, with_corpus: bool) -> None:
    from neural.finetune import MixedBatches, copy_model, finetune
    from neural.loop import corpus_examples, finetune_config
    from neural.model import TOKENIZER
    from neural.tokens import Vocabulary
    from neural.train_data import ExampleSet

    c = loop.config
    vocab = Vocabulary.load(loop.model_dir(r - 1) / TOKENIZER)
    corpus = corpus_examples(c, loop.dir / "corpus", vocab, r)
    found = found_examples(r, vocab)
    cfg = finetune_config(c, r)
    if with_corpus:
        mix = MixedBatches(corpus.splits["train"], found, c.mix)
    else:
        mix = MixedBatches(found, ExampleSet.of([]), c.mix)
    if len(mix.corpus) == 0:
        copy_model(loop.model_dir(r - 1), loop.model_dir(r))  # nothing to train on
        summary: dict[str, Any] = {"found_per_batch": 0, "batch_size": c.batch_size}
    else:
        summary = finetune(loop.model_dir(r - 1), loop.model_dir(r), mix,
                           corpus.splits["validation"], cfg, loop.progress)
        if not with_corpus:
            summary["found_per_batch"] = c.batch_size  # the whole batch is self-found
    summary.update(found_records=len(found), corpus_records=0 if not with_corpus else
                   corpus.counts.get("used", 0), found_examples=len(found),
                   corpus_examples=len(corpus.splits["train"]) if with_corpus else 0)
    (loop.round_dir(r) / "train.json").write_text(json.dumps(summary, indent=1))


def share_round0(main: Path, arm: Path, rounds: int) -> None:
    """Give a control arm the main arm's round 0 and round-1 pool (once)."""
    if (arm / STATE).is_file():
        return
    arm.mkdir(parents=True)
    for name in ("corpus", "test", "loop.json"):
        src = main / name
        (shutil.copytree if src.is_dir() else shutil.copyfile)(src, arm / name)
    shutil.copytree(main / "rounds" / "00", arm / "rounds" / "00")
    r1 = main / "rounds" / "01"
    done = [f"r0:{s}" for s in ("corpus", "test_pool", "model", "eval")]
    if rounds >= 1 and (r1 / "pool.jsonl").is_file():
        (arm / "rounds" / "01").mkdir(parents=True)
        for name in ("generated", "filter.jsonl", "pool.jsonl"):
            src = r1 / name
            (shutil.copytree if src.is_dir() else shutil.copyfile)(src, arm / "rounds/01" / name)
        done.append("r1:pool")
    (arm / STATE).write_text(json.dumps({"done": done}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "loop-bench")
    parser.add_argument("--config", default="reduced", choices=["reduced", "small", "gpu"])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--arms", default=",".join(ARMS))
    parser.add_argument("--workers", type=int, default=None,
                        help="processes for generation and search (not a result setting)")
    parser.add_argument("--test-pool", type=Path, default=None,
                        help="take the frozen test pool from this file (a result setting: "
                             "see benchmarks/loop_test_pool.py)")
    parser.add_argument("--no-results", action="store_true")
    parser.add_argument("--report", action="store_true",
                        help="run nothing: report the rounds each arm has finished")
    args = parser.parse_args()
    config = REDUCED if args.config == "reduced" else named_config(args.config)
    if args.workers is not None:
        config = replace(config, workers=args.workers)
    if args.test_pool is not None:
        config = replace(config, test_pool=str(args.test_pool))
    t0 = time.time()
    curves: dict[str, list[dict[str, Any]]] = {}
    classes = {"main": Loop, "unchecked": UncheckedLoop, "self-only": SelfOnlyLoop,
               "corpus-only": CorpusOnlyLoop}
    for arm in args.arms.split(","):
        out = args.out / arm
        if args.report and not (out / "loop.json").is_file():
            continue  # an arm never started: nothing to report (and nothing to set up)
        if arm != "main":
            share_round0(args.out / "main", out, args.rounds)
        say(f"arm {arm}: {out}")
        loop = classes[arm](out, config, args.rounds, resume=(out / "loop.json").is_file())
        if isinstance(loop, SharedCandidates):
            loop.main_dir = args.out / "main"
        label = arm if arm == "main" else f"CONTROL {arm}"
        curves[label] = round_rows(loop) if args.report else loop.run()
    unfinished = {label: rows[-1]["round"] if rows else -1 for label, rows in curves.items()
                  if not rows or rows[-1]["round"] < args.rounds}
    plot(curves, args.out / "curves.png")
    progress = "" if not unfinished else " (in progress: " + ", ".join(
        f"{label} to round {last}" for label, last in unfinished.items()) + \
        f" of {args.rounds}; rerun without --report to continue)"
    section = (f"\n## Expert iteration: `benchmarks/loop.py`, "
               f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC{progress}\n\n"
               f"- machine: {machine()}; commit `{commit()}`\n"
               f"- command: `.venv/bin/python benchmarks/loop.py --config {args.config} "
               f"--rounds {args.rounds} --arms {args.arms} --out {args.out}"
               + (f" --test-pool {args.test_pool}" if args.test_pool else "") + "` "
               + ("(reported by `--report` from the steps run before; " if args.report else
                  f"(wall {time.time() - t0:.0f} s for what was not done before; ")
               + "rerun the same command to continue)\n"
               f"- config: `{json.dumps(config.identity())}`\n\n")
    for label, rows in curves.items():
        section += f"### {label}\n\n{table(rows, config.calls)}\n"
    publish(section, args.out, None if args.no_results else RESULTS)


if __name__ == "__main__":
    main()
