"""Fuzzing the parser, the realizer and the figure derivation with hypothesis.

Two sources of texts: grammar-shaped problems built from the construction table (random
names, arities, numbers, pins, goals, whitespace) and benchmark problems mutated at the
character and token level. Whatever the text, parsing raises nothing but `PappusError`s,
parsed problems round-trip through `to_text`, realizing and deriving a figure raise
nothing but `PappusError`s, and nothing hangs (each example runs under a time limit).

Each test counts the examples it ran and checks the count, so the numbers in
`EXAMPLES` are what the suite really runs; `benchmarks/fuzz_problems.py` reuses the
strategies for a 10,000+ example campaign.
"""

from __future__ import annotations

import random
import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TypeVar

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from symbolic import predicates
from symbolic.constructions import construction_table
from symbolic.errors import PappusError, ProblemSyntaxError
from symbolic.parser import iter_problem_lines, parse_problem, parse_problems
from symbolic.problem import Problem

ROOT = Path(__file__).resolve().parent.parent.parent
BENCHMARK_FILES = [ROOT / "pappus/problems/jgex_ag_231.txt",
                   ROOT / "pappus/problems/imo_ag_30.txt"]

# Examples per test in the suite (about 12,000 texts in all).
EXAMPLES = {
    "parse_generated": 5000,
    "parse_mutated": 5000,
    "parse_files": 1000,
    "realize_generated": 500,
    "realize_mutated": 500,
}
PARSE_SECONDS = 5.0  # per example; parsing takes about a millisecond
REALIZE_SECONDS = 30.0  # per example, with few attempts; typically well under a second
REALIZE_ATTEMPTS = 3

TABLE = construction_table()
CONSTRUCTIONS = sorted(TABLE)
GIVEN = {name: len(spec.given_points) for name, spec in TABLE.items()}
PREDICATE_NAMES = sorted([*predicates.PREDICATES, *predicates.ALIASES])
BENCHMARK_TEXTS = [body for f in BENCHMARK_FILES
                   for _line, _name, body in iter_problem_lines(f.read_text())]
BENCHMARK_FILE_TEXTS = [f.read_text() for f in BENCHMARK_FILES]
BENCHMARK_PROBLEMS = [p for f in BENCHMARK_FILES for p in parse_problems(f.read_text())]


# ---------------------------------------------------------------- time limits


class Hang(BaseException):  # noqa: N818 - BaseException: no `except Exception` swallows it
    """An example ran past its time limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `Hang` in the block after `seconds` (POSIX main thread; otherwise no limit)."""
    main = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or not main:
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- choosers
#
# The generators below make their choices through a chooser: one backed by hypothesis
# draws (shrinkable, for the realizer tests) and one backed by a seeded `random.Random`
# (a single hypothesis draw per text, so the parser tests can run thousands quickly).
# Index 0 is always the plain choice, so hypothesis shrinks towards ordinary texts.


class Chooser(Protocol):
    def below(self, n: int) -> int: ...


class DrawChooser:
    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def below(self, n: int) -> int:
        return self.draw(st.integers(0, n - 1)) if n > 1 else 0


class RandomChooser:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def below(self, n: int) -> int:
        return self.rng.randrange(n) if n > 1 else 0


T = TypeVar("T")


def pick(ch: Chooser, options: Sequence[T]) -> T:
    return options[ch.below(len(options))]


def rarely(ch: Chooser, one_in: int) -> bool:
    return ch.below(one_in) == one_in - 1


def between(ch: Chooser, lo: int, hi: int) -> int:
    return lo + ch.below(hi - lo + 1)


def word(ch: Chooser, alphabet: str, first: str, max_len: int) -> str:
    return pick(ch, first) + "".join(pick(ch, alphabet) for _ in range(ch.below(max_len)))


# ---------------------------------------------------------------- generated problems

LETTERS = "abcdefghijklmnopqrstuvwxyz"
NAME_CHARS = LETTERS + "0123456789_'"
ODD_CHARS = NAME_CHARS + "ABCXYZ./-@"
NUMBERS = ["60", "30", "90", "15", "120", "1/2", "2/3", "-30", "0", "2pi/3", "pi/7", "1.5",
           "3/0", "1e5", "-0.25", "007", "360", "1/3/4", ".5", "2pi", "pi"]
SPACES = [" ", " ", " ", "  ", "\t", ""]


def point_name(ch: Chooser) -> str:
    """Mostly a plain name, sometimes an unusual or invalid one."""
    kind = ch.below(40)
    if kind < 20:
        return pick(ch, LETTERS)
    if kind < 39:
        return word(ch, NAME_CHARS, LETTERS, 4)
    return word(ch, ODD_CHARS, ODD_CHARS, 4)


def number(ch: Chooser) -> str:
    if ch.below(3) < 2:
        return pick(ch, NUMBERS)
    return str(between(ch, -400, 400)) + (f"/{between(ch, 0, 12)}" if ch.below(3) == 2 else "")


def pin(ch: Chooser) -> str:
    """Pinned coordinates `@x_y`, now and then malformed."""
    if rarely(ch, 10):
        return f"@{number(ch)}_{number(ch)}"
    x, y = (f"{between(ch, -500, 500) / 100:g}" for _ in range(2))
    return f"@{pick(ch, ['', ' '])}{x}_{y}{pick(ch, ['', 'e1', 'E-2'])}"


def construction_call(ch: Chooser, name: str, new: list[str], defined: list[str]) -> str:
    """`name args` with arguments near the construction's signature (sometimes not)."""
    spec = TABLE.get(name)
    sig = list(spec.signature) if spec else ["x"] * ch.below(6)
    new_iter = iter(new)
    args = []
    for slot in sig:
        if spec is not None and slot.startswith("%"):
            args.append(number(ch))
        elif spec is not None and slot in spec.new_points:
            args.append(next(new_iter, None) or point_name(ch))
        elif defined and not rarely(ch, 150):
            args.append(pick(ch, defined))
        else:
            args.append(point_name(ch))
    mode = ch.below(60)
    if 30 <= mode < 48 and spec is not None:  # AlphaGeometry style: new points left out
        args = [a for a, slot in zip(args, sig, strict=True) if slot not in spec.new_points]
    elif mode == 58 and args:  # one argument too few
        del args[ch.below(len(args))]
    elif mode == 59:  # one too many
        args.insert(ch.below(len(args) + 1), pick(ch, defined or ["z"]))
    return (pick(ch, SPACES) or " ").join([name, *args])


def construction_name(ch: Chooser, n_defined: int, n_new: int | None = None) -> str:
    """Mostly a construction the defined points can feed; rarely anything, or junk."""
    if rarely(ch, 100):
        return word(ch, LETTERS + "_0123456789", LETTERS + "_0123456789", 12)
    if rarely(ch, 20):
        return pick(ch, CONSTRUCTIONS)
    fits = [c for c in CONSTRUCTIONS if GIVEN[c] <= n_defined
            and (n_new is None or len(TABLE[c].new_points) == n_new)]
    return pick(ch, fits or CONSTRUCTIONS)


def generate_problem(ch: Chooser) -> str:
    """A problem line shaped like the grammar, built from the construction table."""
    defined: list[str] = []
    clauses = []
    for _ in range(between(ch, 1, 6)):
        name = construction_name(ch, len(defined))
        n_new = len(TABLE[name].new_points) if name in TABLE else between(ch, 1, 3)
        if rarely(ch, 100):
            n_new = between(ch, 1, 4)
        fresh = [x for x in LETTERS if x not in defined]
        new = []
        for _k in range(n_new):
            if defined and rarely(ch, 150):
                new.append(pick(ch, defined))  # a redefinition
            elif fresh and not rarely(ch, 150):
                new.append(fresh.pop(ch.below(min(3, len(fresh)))))
            else:
                new.append(point_name(ch))
        decls = [n + pin(ch) if rarely(ch, 30) else n for n in new]
        calls = [construction_call(ch, name, new, defined)]
        if n_new == 1 and ch.below(2):
            calls.append(construction_call(ch, construction_name(ch, len(defined), 1), new,
                                           defined))
        eq = pick(ch, SPACES)
        clauses.append(f"{' '.join(decls)}{eq}={eq}{(',' + pick(ch, SPACES)).join(calls)}")
        defined += [n for n in new if n not in defined]
    text = (";" + pick(ch, SPACES)).join(clauses)
    if defined and not rarely(ch, 5):
        text += pick(ch, SPACES) + "?" + pick(ch, SPACES) + goal(ch, defined)
    if rarely(ch, 30):
        text += pick(ch, [";", " ;", "?", ",", " = ", "@", "?;"])
    return text


def goal(ch: Chooser, defined: list[str]) -> str:
    pred = pick(ch, PREDICATE_NAMES) if not rarely(ch, 50) else word(ch, LETTERS, LETTERS, 8)
    spec = predicates.lookup(pred)
    n = spec.min_points if spec else ch.below(7)
    if spec is not None and spec.max_points is None:
        n += ch.below(3)
    if rarely(ch, 30):
        n += pick(ch, [1, -1])
    args = [pick(ch, defined) if not rarely(ch, 150) else point_name(ch) for _ in range(max(n, 0))]
    if spec is not None and spec.has_value:
        args.append(number(ch))
    return " ".join([pred, *args])


# ---------------------------------------------------------------- mutated benchmarks

INSERTS = " ;,=?@_-./'\t\n\r0123456789abcxyz"
TOKENS = [";", ",", "=", "?", "@1_2", "a@", "?", "pi"]


def mutate(ch: Chooser, text: str, max_mutations: int = 4) -> str:
    """`text` after a few character- or token-level edits."""
    for _ in range(between(ch, 1, max_mutations)):
        op = ch.below(9)
        i = ch.below(max(len(text), 1))
        if op == 0:  # insert a character, now and then any code point
            char = pick(ch, INSERTS) if ch.below(4) else chr(between(ch, 0, 0x2FFFF))
            if 0xD800 <= ord(char) <= 0xDFFF:
                char = "?"
            text = text[:i] + char + text[i:]
        elif op == 1 and text:  # delete a character
            text = text[:i] + text[i + 1:]
        elif op == 2 and len(text) > 1:  # swap two neighbours
            i = min(i, len(text) - 2)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
        elif op == 3:  # truncate
            text = text[:i]
        elif op == 4:  # random whitespace
            text = text[:i] + pick(ch, [" ", "  ", "\t", " \t ", "\n"]) + text[i:]
        else:  # token edits: drop, duplicate, replace, swap
            words = text.split(" ")
            j = ch.below(len(words))
            if op == 5 and len(words) > 1:
                del words[j]
            elif op == 6:
                words.insert(j, words[j])
            elif op == 7:
                kind = ch.below(4)
                words[j] = (pick(ch, CONSTRUCTIONS) if kind == 0 else
                            pick(ch, PREDICATE_NAMES) if kind == 1 else
                            number(ch) if kind == 2 else pick(ch, TOKENS))
            else:
                k = ch.below(len(words))
                words[j], words[k] = words[k], words[j]
            text = " ".join(words)
    return text


def mutate_benchmark(ch: Chooser) -> str:
    return mutate(ch, pick(ch, BENCHMARK_TEXTS))


def mutate_problem(ch: Chooser) -> str:
    """A benchmark problem with a few clause-level edits (arguments, constructions, goal):
    mostly still valid text, so the realizer sees odd but well-formed problems."""
    problem = pick(ch, BENCHMARK_PROBLEMS)
    clauses = [(c.point_names, [list(call.args) for call in c.constructions],
                [call.name for call in c.constructions]) for c in problem.clauses]
    goal_text = problem.goal.to_text() if problem.goal else ""
    for _ in range(between(ch, 1, 3)):
        k = ch.below(len(clauses))
        new, calls, names = clauses[k]
        before = [p for c in clauses[:k] for p in c[0]]
        j = ch.below(len(calls))
        op = ch.below(10)
        if op < 4 and before:  # another earlier point as an argument
            spec = TABLE.get(names[j])
            slots = [i for i, a in enumerate(spec.signature) if a in spec.given_points
                     and len(calls[j]) == len(spec.signature)] if spec else []
            if slots:
                calls[j][pick(ch, slots)] = pick(ch, before)
        elif op < 7:  # another construction with as many new points
            names[j] = construction_name(ch, len(before), len(new))
            calls[j] = construction_call(ch, names[j], list(new), before).split()[1:]
        elif op == 7 and len(clauses) > 1:  # drop a clause
            del clauses[k]
        else:  # another goal
            goal_text = goal(ch, [p for c in clauses for p in c[0]])
    text = "; ".join(
        " ".join(new) + " = " + ", ".join(" ".join([n, *a]) for n, a in zip(names, calls,
                                                                            strict=True))
        for new, calls, names in clauses)
    if goal_text:
        text += f" ? {goal_text}"
    return mutate(ch, text, 1) if rarely(ch, 4) else text


def mutate_file(ch: Chooser) -> str:
    lines = pick(ch, BENCHMARK_FILE_TEXTS).splitlines()
    start = 2 * ch.below(len(lines) // 2)
    return mutate(ch, "\n".join(lines[start:start + 2 * between(ch, 1, 4)]) + "\n", 8)


_SEEDS = st.integers(0, 2**64 - 1)


def seeded(make: Callable[[Chooser], str]) -> st.SearchStrategy[str]:
    """Texts from a seeded generator: one hypothesis draw each, fast."""
    return _SEEDS.map(lambda seed: make(RandomChooser(seed)))


def drawn(make: Callable[[Chooser], str]) -> st.SearchStrategy[str]:
    """Texts whose every choice is a hypothesis draw: slower, but they shrink."""
    return st.composite(lambda draw: make(DrawChooser(draw)))()


# ---------------------------------------------------------------- the checks


def check_parse(text: str) -> Problem | None:
    """Parse `text`: a problem that round-trips, or None after a `ProblemSyntaxError`."""
    with time_limit(PARSE_SECONDS):
        try:
            problem = parse_problem(text, name="fuzz", path="fuzz.txt")
        except ProblemSyntaxError as exc:
            assert exc.render().startswith("fuzz.txt:")
            return None
        again = parse_problem(problem.to_text(), name="fuzz")
    assert again.to_text() == problem.to_text()
    assert again.clauses == problem.clauses and again.goal == problem.goal
    return problem


def check_realize(text: str, seed: int = 0) -> str:
    """Parse, realize and derive the figure of `text`; the outcome as a word."""
    from symbolic.diagram import realize
    from symbolic.figure import scene

    problem = check_parse(text)
    if problem is None:
        return "parse_error"
    with time_limit(REALIZE_SECONDS):
        try:
            diagram = realize(problem, seed, attempts=REALIZE_ATTEMPTS, require_goal=False)
        except PappusError as exc:
            assert isinstance(exc.render(), str)
            return type(exc).__name__
        try:
            scene(diagram)
        except PappusError:
            return "figure_error"
        return "ok" if diagram.goal_holds() else "goal_false"


def check_file(text: str) -> str:
    with time_limit(PARSE_SECONDS * 10):
        try:
            parse_problems(text, path="fuzz.txt")
        except PappusError:
            return "error"
    return "ok"


def campaign(strategy: st.SearchStrategy[str], check: Callable[[str], object],
             examples: int, database: bool = True) -> Counter[str]:
    """Run `check` on `examples` texts drawn from `strategy`; count the outcomes."""
    outcomes: Counter[str] = Counter()

    @settings(max_examples=examples, deadline=None, print_blob=True,
              database=settings.default.database if database else None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(strategy)
    def run(text: str) -> None:
        note(f"text: {text!r}")
        result = check(text)
        outcomes[result if isinstance(result, str) else
                 "parsed" if result is not None else "parse_error"] += 1

    run()
    return outcomes


def assert_ran(outcomes: Counter[str], examples: int) -> None:
    assert sum(outcomes.values()) >= examples, outcomes


# ---------------------------------------------------------------- tests


def test_generated_texts_are_mostly_valid():
    """The generator is useful only if many of its texts parse."""
    outcomes = campaign(seeded(generate_problem), check_parse, 300, database=False)
    assert outcomes["parsed"] > 75, outcomes


def test_parse_generated():
    n = EXAMPLES["parse_generated"]
    assert_ran(campaign(seeded(generate_problem), check_parse, n), n)


def test_parse_mutated():
    n = EXAMPLES["parse_mutated"]
    assert_ran(campaign(seeded(mutate_benchmark), check_parse, n), n)


def test_parse_mutated_files():
    n = EXAMPLES["parse_files"]
    assert_ran(campaign(seeded(mutate_file), check_file, n), n)


def test_realize_generated():
    n = EXAMPLES["realize_generated"]
    assert_ran(campaign(drawn(generate_problem), check_realize, n), n)


def test_realize_mutated():
    n = EXAMPLES["realize_mutated"]
    assert_ran(campaign(drawn(mutate_problem), check_realize, n), n)


# ---------------------------------------------------------------- regressions found by fuzzing


def test_zero_denominators_are_syntax_errors():
    """`rconst ... 3/0` and `aconst ... pi/0` raised ZeroDivisionError; `s_angle a b x 3/0`
    parsed and then failed in the realizer."""
    base = "a b c = triangle a b c"
    for text, message in [
        (f"{base} ? rconst a b a c 3/0", "bad value '3/0'"),
        (f"{base} ? aconst a b a c pi/0", "bad value 'pi/0'"),
        (f"{base} ? aconst a b a c 2/00", "bad value '2/00'"),
        (f"{base}; d = s_angle a b d 3/0", "'3/0' should be a number"),
    ]:
        with pytest.raises(ProblemSyntaxError, match=message):
            parse_problem(text)
    assert parse_problem(f"{base}; d = s_angle a b d 30/10").clauses[1].constructions[0].args[-1]
