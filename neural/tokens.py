"""Problem text <-> token ids, with a small closed vocabulary, and canonical point names.

The vocabulary is every name the problem language has (the constructions of
`symbolic.constructions`, the predicates of `symbolic.predicates`), point names a..z,
a1..z1, ... (`generator.sampling.point_name`), separators, and the pieces numbers are
spelled with (digits, `.`, `-`, `/`, `pi`; `@` and `_` for pinned coordinates): a number
such as s_angle's `60` or aconst's `2pi/3` is a few piece tokens, so no number is ever
unknown. Nothing else is: a word outside the vocabulary is a `TokenError`, never an
`<unk>` token the model would learn to say.

Problems are renamed before encoding: points become a, b, c, ... in order of
construction (what the generator's records use already), so the model sees benchmark
problems as it saw its training data; `Renaming.back` maps decoded clauses back to the
problem's own names, new points getting fresh ones.

A training sequence (`Example`) is the prompt, then one auxiliary clause:

    <bos> premises ? goal | aux1; aux2 => next clause <eos>

where `| ...` (the auxiliary clauses chosen so far) is left out when there are none,
and the loss falls on the target clause and `<eos>` only.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.sampling import point_name
from symbolic import predicates
from symbolic.constructions import construction_table
from symbolic.errors import PappusError
from symbolic.problem import Problem

PAD, BOS, EOS = "<pad>", "<bos>", "<eos>"
SPECIALS = (PAD, BOS, EOS)
THEN = "=>"  # between the prompt and the clause the model writes
AUX = "|"  # before the auxiliary clauses chosen so far
SPACE = "<sp>"  # between two numbers that would otherwise run together
SEPARATORS = ("=", ",", ";", "?", AUX, THEN, "*", SPACE)
PIECES = (*"0123456789", ".", "-", "/", "pi", "@", "_")
MAX_POINTS = 26 * 4  # a..z, a1..z1, a2..z2, a3..z3

# A word of problem text: a separator, or a run of anything else.
_WORD = re.compile(r"=>|[=,;?|*]|[^\s=,;?|*]+")
_PIECE = re.compile(r"pi|[0-9./\-_@]")
_NUMBER = re.compile(r"(?:pi|[0-9./\-_])+")
_POINT = re.compile(r"[A-Za-z][A-Za-z0-9_']*")
_PINNED = re.compile(r"([A-Za-z][A-Za-z0-9_']*)(@.+)")


class TokenError(PappusError):
    """Text the vocabulary cannot spell (an unknown name, too many points)."""

    def __init__(self, message: str, hint: str = "") -> None:
        self.message, self.hint = message, hint
        super().__init__(self.render())

    def render(self) -> str:
        text = f"error: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


@cache
def default_tokens() -> tuple[str, ...]:
    """The vocabulary of this version of Pappus, in a fixed order (ids are positions)."""
    names = [*construction_table(), *predicates.PREDICATES, *predicates.ALIASES]
    points = [point_name(i) for i in range(MAX_POINTS)]
    out: list[str] = []
    for token in (*SPECIALS, *SEPARATORS, *PIECES, *points, *names):
        if token not in out:
            out.append(token)
    return tuple(out)


@dataclass(frozen=True)
class Vocabulary:
    """Token strings by id; `encode` and `decode` between problem text and ids."""

    tokens: tuple[str, ...] = field(default_factory=default_tokens)

    def __post_init__(self) -> None:
        index = {t: i for i, t in enumerate(self.tokens)}
        missing = [t for t in (*SPECIALS, *SEPARATORS, *PIECES) if t not in index]
        if len(index) != len(self.tokens) or missing:
            raise TokenError("malformed vocabulary (duplicate or missing tokens)",
                             hint="use the tokenizer.json the model was trained with")
        object.__setattr__(self, "_index", index)

    def __len__(self) -> int:
        return len(self.tokens)

    def id(self, token: str) -> int:
        """The id of one token string (a `TokenError` if it has none)."""
        index: dict[str, int] = self._index  # type: ignore[attr-defined]
        found = index.get(token)
        if found is None:
            raise _unknown(token, self.tokens)
        return found

    @property
    def pad(self) -> int:
        return self.id(PAD)

    @property
    def bos(self) -> int:
        return self.id(BOS)

    @property
    def eos(self) -> int:
        return self.id(EOS)

    @property
    def then(self) -> int:
        return self.id(THEN)

    def encode(self, text: str) -> list[int]:
        """The ids of `text` (problem text, a clause, or a whole prompt)."""
        index: dict[str, int] = self._index  # type: ignore[attr-defined]
        out: list[int] = []
        last_piece = False
        for word in _WORD.findall(text):
            if word in index and not _NUMBER.fullmatch(word):
                out.append(index[word])
                last_piece = False
                continue
            head, tail = _split_word(word)
            if head:
                out.append(self.id(head))
            elif last_piece:
                out.append(index[SPACE])
            out += [index[p] for p in _PIECE.findall(tail)]
            last_piece = bool(tail)
        return out

    def decode(self, ids: Iterable[int]) -> str:
        """The text of `ids` in canonical spacing (`a b = segment a b; c = ...`); special
        tokens are left out."""
        words: list[str] = []
        glue = False  # the next piece continues the last word
        for i in ids:
            token = self.tokens[i]
            if token in SPECIALS or token == SPACE:
                glue = False
                continue
            piece = token in PIECES
            if piece and words and (glue or token == "@"):
                words[-1] += token
            else:
                words.append(token)
            glue = piece or token == "@"
        return _join(words)

    def to_json(self) -> str:
        return json.dumps({"format": "pappus-tokens", "version": 1,
                           "tokens": list(self.tokens)}, indent=0)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Vocabulary:
        """A vocabulary saved by `save` (a checkpoint's tokenizer.json)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            tokens = data["tokens"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TokenError(f"cannot read the vocabulary {path}: {exc}",
                             hint="a checkpoint folder holds tokenizer.json") from None
        return cls(tuple(str(t) for t in tokens))


def _split_word(word: str) -> tuple[str, str]:
    """A word outside the vocabulary as (name, pieces): a number is ('', '60'), a pinned
    point ('x', '@1.5_-2'); anything else is an unknown token."""
    if _NUMBER.fullmatch(word):
        return "", word
    pinned = _PINNED.fullmatch(word)
    if pinned and _NUMBER.fullmatch(pinned.group(2)[1:]):
        return pinned.group(1), pinned.group(2)
    return word, ""


def _unknown(token: str, tokens: Sequence[str]) -> TokenError:
    close = difflib.get_close_matches(token, [t for t in tokens if len(t) > 2], n=3)
    if re.fullmatch(r"[a-z][0-9]*", token):
        hint = (f"point names are a..z, a1..z1, ... (at most {MAX_POINTS} points); "
                "rename the problem first (neural.tokens.canonical_problem)")
    elif close:
        hint = "did you mean " + ", ".join(repr(c) for c in close) + "?"
    else:
        hint = "the vocabulary holds the construction and predicate names, point names, " \
               "separators and numbers"
    return TokenError(f"no token for {token!r}", hint)


def _join(words: list[str]) -> str:
    out = ""
    for w in words:
        if w in (";", ","):
            out += w
        else:
            out += (" " if out else "") + w
    return out


# ---------------------------------------------------------------- canonical names


@dataclass(frozen=True)
class Renaming:
    """Canonical point names (a, b, c, ... in order of construction) and back."""

    to_canon: dict[str, str]

    @classmethod
    def of_points(cls, points: Iterable[str]) -> Renaming:
        """The renaming of points in order of construction to a, b, c, ..."""
        return cls({p: point_name(i) for i, p in enumerate(points)})

    def forward(self, text: str) -> str:
        """`text` (clauses, `? goal`) in canonical names."""
        return _rename_points(text, lambda p: self.to_canon.get(p, p))

    def back(self, text: str) -> str:
        """Canonical `text` in the problem's own names; points the problem lacks (the new
        points of a proposed clause) get names it does not use, in order."""
        mapping = {c: o for o, c in self.to_canon.items()}
        used = set(self.to_canon)
        fresh = (n for n in map(point_name, range(10 * MAX_POINTS)) if n not in used)

        def name(p: str) -> str:
            if p not in mapping:
                mapping[p] = next(fresh)
            return mapping[p]

        return _rename_points(text, name)


def _rename_points(text: str, rename: Callable[[str], str]) -> str:
    """Rename the point words of canonical text (`p = name args, ...; ... ? pred args`).
    Construction and predicate names (the first word after `=`, `,`, `?`, and after `;`
    in the goal part) and numbers are left alone, so a point may be called like a
    construction."""
    out: list[str] = []
    name_next = in_goal = False
    for word in _WORD.findall(text):
        if word in ("=", ",", "?") or (word == ";" and in_goal):
            in_goal = in_goal or word == "?"
            name_next = True
        elif word in (";", AUX, THEN):
            in_goal = False
        elif name_next:
            name_next = False
        elif word == "*" or _NUMBER.fullmatch(word):
            pass
        elif _POINT.fullmatch(word):
            word = rename(word)
        elif _PINNED.fullmatch(word):
            point, pin = _PINNED.fullmatch(word).groups()  # type: ignore[union-attr]
            word = rename(point) + pin
        out.append(word)
    return _join(out)


def declared_points(text: str) -> list[str]:
    """The points the clauses of `text` construct, in order (the words before each `=`)."""
    out: list[str] = []
    for clause in re.split(r"[;|?]", text):
        head, eq, _ = clause.partition("=")
        if eq:
            out += [w.partition("@")[0] for w in head.split()]
    return out


def canonical_problem(problem: Problem) -> tuple[str, Renaming]:
    """The problem's text in canonical names, and the renaming."""
    ren = Renaming.of_points(problem.points)
    return ren.forward(problem.to_text()), ren


# ---------------------------------------------------------------- sequences


def prompt_text(premises: str, goal: str, aux: Sequence[str] = ()) -> str:
    """`premises ? goal | aux1; aux2 =>`: what the model reads before writing a clause."""
    text = f"{premises} ? {goal}"
    if aux:
        text += f" {AUX} " + "; ".join(aux)
    return f"{text} {THEN}"


@dataclass(frozen=True)
class Example:
    """One training sequence: ids, and where the target (clause and `<eos>`) starts."""

    ids: tuple[int, ...]
    start: int


def record_examples(vocab: Vocabulary, problem: str, aux: Sequence[str]) -> list[Example]:
    """The examples of one record (`problem` = `premises ? goal`, `aux` its auxiliary
    clauses in order): clause k given the premises, the goal and clauses 1..k-1."""
    premises, _, goal = problem.partition(" ? ")
    # records name their points canonically already; renaming costs little and makes sure
    ren = Renaming.of_points(declared_points(f"{premises}; {'; '.join(aux)}"))
    premises, goal = ren.forward(premises), ren.forward(f"? {goal}")[2:]
    aux = [ren.forward(c) for c in aux]
    out = []
    for k, clause in enumerate(aux):
        prompt = [vocab.bos, *vocab.encode(prompt_text(premises, goal, aux[:k]))]
        target = [*vocab.encode(clause), vocab.eos]
        out.append(Example((*prompt, *target), len(prompt)))
    return out


def clause_points(clause: str) -> tuple[list[str], set[str]]:
    """The points one clause declares (in order) and every point word it mentions."""
    mentioned: set[str] = set()

    def collect(p: str) -> str:
        mentioned.add(p)
        return p

    _rename_points(clause, collect)
    return declared_points(clause), mentioned


def reorder_premises(premises: str, rng: Any) -> str:
    """The premise clauses of `premises` (`c1; c2; ...`) in a random order that keeps each
    clause after the clauses whose points it uses (the same figure, so the same theorem;
    renamed canonically afterwards, its points get other names). `rng` is a
    `numpy.random.Generator`."""
    clauses = [c.strip() for c in premises.split(";") if c.strip()]
    owner: dict[str, int] = {}
    needs: list[set[int]] = []
    for k, clause in enumerate(clauses):
        declared, mentioned = clause_points(clause)
        needs.append({owner[p] for p in mentioned if p in owner and p not in declared})
        owner.update({p: k for p in declared})
    placed: list[int] = []
    done: set[int] = set()
    while len(placed) < len(clauses):
        ready = [k for k in range(len(clauses)) if k not in done and needs[k] <= done]
        pick = ready[int(rng.integers(len(ready)))]
        placed.append(pick)
        done.add(pick)
    return "; ".join(clauses[k] for k in placed)


def node_prompt(vocab: Vocabulary, problem: Problem, n_aux: int) -> tuple[list[int], Renaming]:
    """The prompt ids of a search node (its problem's last `n_aux` clauses are the
    auxiliary ones chosen so far), and the renaming to map the model's clause back."""
    if problem.goal is None:
        raise TokenError("the problem has no goal", hint="the model proposes clauses for a goal")
    ren = Renaming.of_points(problem.points)
    cut = len(problem.clauses) - n_aux
    premises = "; ".join(ren.forward(c.to_text()) for c in problem.clauses[:cut])
    aux = [ren.forward(c.to_text()) for c in problem.clauses[cut:]]
    goal = ren.forward("? " + "; ".join(g.to_text() for g in problem.goals))[2:]
    return [vocab.bos, *vocab.encode(prompt_text(premises, goal, aux))], ren
