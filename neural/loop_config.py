"""Settings of the expert-iteration loop (`neural.loop`): plain data, written into the
run folder, with named configurations for this 2-core machine and for a GPU machine.

Every budget is counted, not timed: records generated, optimizer steps, prover calls a
problem. The search's wall-clock limit is a safety net only (a search that reaches it
is counted in the results, since the run is then no longer reproducible).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from symbolic.errors import PappusError

BENCH_FILES = ("imo_ag_30.txt", "jgex_ag_231.txt")
# The benchmark problems DD+AR alone misses (benchmarks/RESULTS.md, search section):
# 12 of IMO-AG-30, 16 of JGEX-AG-231.
DDAR_MISSES: tuple[tuple[str, str], ...] = (
    *(("imo_ag_30.txt", f"translated_imo_{n}") for n in (
        "2000_p6", "2008_p1b", "2008_p6", "2010_p2", "2011_p6", "2012_p5", "2015_p3",
        "2018_p1", "2019_p2", "2019_p6", "2020_p1", "2021_p3")),
    *(("jgex_ag_231.txt", f"examples/complete2/{n}.gex") for n in (
        "014/complete_007_7_Book_LLL_L058-9",
        "unsolved2/complete_015_7_Book_00EE_08_E059-59",
        "unsolved2/complete_013_7_Book_00EE_10_E072-16",
        "unsolved2/complete_010_Other_Auxiliary_ye_aux_y1",
        "unsolved2/complete_014_7_Book_00EE_09_E069-8",
        "unsolved2/complete_011_7_Book_00EE_04_E051-9",
        "unsolved/complete_015_7_Book_00EE_08_E061-61",
        "unsolved/complete_008_ex-gao_ex160_005",
        "unsolved/complete_005_Other_unsolved_109f",
        "unsolved/complete_014_7_Book_00EE_07_E057-41",
        "unsolved1/complete_008_ex-gao_ex160_e102",
        "unsolved1/complete_012_7_Book_00EE_11_E075-27f",
        "unsolved1/complete_010_Other_gao_Y_yL157-1",
        "unsolved1/complete_010_Other_gao_Y_yL182-1",
        "unsolved1/complete_009_Other_paper_Thebault_t5",
        "unsolved/morley")),
)


class LoopConfigError(PappusError):
    """Loop settings that make no sense, or differ from those of the run to resume."""


@dataclass(frozen=True)
class LoopConfig:
    """Everything that decides a loop run's results (with the seed and the code)."""

    seed: int = 0
    # round 0: the training corpus (generator preset `aux`) and the first model
    corpus_count: int = 1500  # verified needed-aux records generated
    base_model: str | None = None  # start from this model folder instead of training one
    size: str = "mini"
    # optimizer steps of the first model (when trained here): fewer than the shipped
    # checkpoint's 1,250 on seven times the records, which overfit after that
    base_steps: int = 800
    batch_size: int = 32
    lr: float = 1e-3
    block_size: int = 512
    # the shipped checkpoint's data recipe, for the first model and every fine-tune
    augment: int = 4  # other premise orders of each training record (train_data)
    per_figure: int = 20  # most corpus training records of one premise set (0: no limit)
    dropout: float = 0.1  # of the first model (a fine-tune keeps its base model's)
    # each round
    pool_candidates: int = 120  # fresh needed-aux records generated for the round's pool
    pool_size: int = 60  # hard problems kept (those the current search fails on)
    per_premise: int = 3  # most pool problems sharing one premise set
    filter_calls: int = 4  # "hard": the current search fails at this many prover calls
    # prover calls a problem of the pool search: more than `calls`, so the search finds
    # proofs the model's first proposals miss, and the fine-tune moves them up
    search_calls: int = 64
    calls: int = 16  # prover calls a problem of every evaluation (the loop's yardstick)
    finetune_steps: int = 300
    finetune_lr: float = 3e-4
    # share of each fine-tuning batch drawn from self-found records (the rest from the
    # original corpus); below 1, so the model never trains on its own output alone
    mix: float = 0.25
    # evaluation, every round, at `calls`
    test_candidates: int = 300  # fresh needed-aux records generated for the test pool
    test_size: int = 200  # the synthetic hard test pool, frozen at round 0
    # a test pool file another run exported (neural.frozen_pool): round 0 takes its first
    # test_size problems off this run's corpus instead of generating test_candidates
    test_pool: str | None = None
    bench_limit: int | None = None  # first N of DDAR_MISSES (None: all 28)
    # machinery (how fast, not what)
    workers: int = 2  # processes for search and generation
    gen_backend: str = "local"  # local | ray (generation fans out on a Ray cluster)
    device: str = "cpu"
    # torch threads of the loop's own training on a CPU: fixed, since a matrix product's
    # rounding depends on how many threads split it, so a run's models (and results)
    # would otherwise depend on the machine's cores (searches run one thread a process)
    threads: int = 2
    search_timeout: float = 900.0  # seconds a problem: a safety net, never the budget

    def __post_init__(self) -> None:
        positive = ("corpus_count", "base_steps", "batch_size", "pool_candidates",
                    "pool_size", "per_premise", "filter_calls", "search_calls", "calls",
                    "finetune_steps", "test_candidates", "test_size", "workers",
                    "block_size", "threads")
        for name in positive:
            if getattr(self, name) < 1:
                raise LoopConfigError(f"error: loop setting {name} must be at least 1\n"
                                      "  hint: budgets count records, steps and calls")
        if self.augment < 0 or self.per_figure < 0 or not 0 <= self.dropout < 1:
            raise LoopConfigError("error: augment and per_figure must be 0 or more, dropout "
                                  "in [0, 1)\n  hint: 0 turns augmentation or the limit off")
        if not 0 < self.mix < 1:
            raise LoopConfigError(
                f"error: mix {self.mix} must be above 0 and below 1\n"
                "  hint: the share of self-found examples in a fine-tuning batch; the "
                "model never trains on its own records alone (nor without them)")
        if self.bench_limit is not None and self.bench_limit < 0:
            raise LoopConfigError("error: bench_limit must be 0 or more\n"
                                  "  hint: leave it unset for all 28 DD+AR misses")
        if self.gen_backend not in ("local", "ray"):
            raise LoopConfigError(f"error: unknown generation backend {self.gen_backend!r}\n"
                                  "  hint: use local or ray")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoopConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def identity(self) -> dict[str, Any]:
        """Settings that change the results (not the machinery's speed)."""
        speed = {"workers", "gen_backend", "device"}
        return {k: v for k, v in self.to_dict().items() if k not in speed}

    def differs_from(self, saved: dict[str, Any]) -> list[str]:
        """The result settings that differ from a run's saved identity (a setting the
        run predates counts as its default, which is what that run used)."""
        defaults = {f.name: f.default for f in fields(self)}
        return sorted(k for k, v in self.identity().items()
                      if saved.get(k, defaults[k]) != v)

    def bench_problems(self) -> tuple[tuple[str, str], ...]:
        return DDAR_MISSES if self.bench_limit is None else DDAR_MISSES[:self.bench_limit]


# Named configurations. `small` finishes 5 rounds on a 2-core machine in about 6
# CPU-hours over resumed runs (no step much over an hour); `gpu` is for a GPU machine
# with many cores (or a Ray cluster for generation: gen_backend="ray").
CONFIGS: dict[str, LoopConfig] = {
    "small": LoopConfig(),
    "gpu": LoopConfig(corpus_count=50_000, size="small", base_steps=20_000, batch_size=64,
                      pool_candidates=4000, pool_size=1000, filter_calls=8,
                      search_calls=1024, calls=64,
                      finetune_steps=3000, test_candidates=2000, test_size=500,
                      workers=16, device="cuda"),
}


def named_config(name: str, **overrides: Any) -> LoopConfig:
    """A named configuration with some settings overridden (None: keep the config's)."""
    if name not in CONFIGS:
        raise LoopConfigError(f"error: unknown loop config {name!r}\n"
                              f"  hint: use one of: {', '.join(CONFIGS)}")
    try:
        return replace(CONFIGS[name], **{k: v for k, v in overrides.items() if v is not None})
    except TypeError as exc:
        raise LoopConfigError(f"error: {exc}") from None
