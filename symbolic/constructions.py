"""The construction table: all 68 constructions of the AlphaGeometry problem language, and
the 25 that only Newclid's problem language defines.

Each row of `_TABLE` (AlphaGeometry's) and `_NEWCLID_TABLE` (Newclid's extras, accepted in
any problem file; see `symbolic.dialects`) is one construction, in columns separated by `|`:

    name | signature | new points | preconditions | facts | sketch

* signature: the argument names, new points first; `%` marks a number argument: `%y` an
  angle in degrees (AlphaGeometry's s_angle), `%angle` a fraction of pi, `%ratio` a ratio,
  `%length` a length in the diagram's units.
* preconditions: non-degeneracy conditions on the given points, checked numerically.
* facts: what the construction asserts, as predicates on the signature's names.
* sketch: how the new points are realised numerically. Either loci separated by `;`
  (the new point is their intersection, or a random point when there is one locus) or
  `shape NAME args` for constructions that place all their new points at once.
  Locus and shape names are the keys of `symbolic.sketches`.

Facts are the premises the prover starts from; each is checked against realised diagrams
by the test-suite, so the table and the numeric sketches cannot drift apart.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from .problem import Atom

_TABLE = r"""
angle_bisector   | x a b c        | x       | ncoll a b c | eqangle b a b x b x b c | bisect a b c
angle_mirror     | x a b c        | x       | ncoll a b c | eqangle b a b c b c b x | amirror a b c
circle           | x a b c        | x       | ncoll a b c | cong x a x b; cong x b x c; circle x a b c | bline a b; bline a c
circumcenter     | x a b c        | x       | ncoll a b c | cong x a x b; cong x b x c; circle x a b c | bline a b; bline a c
eq_quadrangle    | a b c d        | a b c d |             | cong d a b c | shape eq_quadrangle
eq_trapezoid     | a b c d        | a b c d |             | para d c a b; cong d a b c | shape eq_trapezoid
eq_triangle      | x b c          | x       | diff b c    | cong x b b c; cong b c c x; eqangle b x b c c b c x; eqangle x c x b b x b c | circle b b c; circle c b c
eqangle2         | x a b c        | x       | ncoll a b c | eqangle a b a x c x c b | shape eqangle2 a b c
eqdia_quadrangle | a b c d        | a b c d |             | cong d b a c | shape eqdia_quadrangle
eqdistance       | x a b c        | x       | diff b c    | cong x a b c | circle a b c
foot             | x a b c        | x       | ncoll a b c | perp x a b c; coll x b c | tline a b c; line b c
free             | a              | a       |             | | shape free
incenter         | x a b c        | x       | ncoll a b c | eqangle a b a x a x a c; eqangle c a c x c x c b; eqangle b c b x b x b a | bisect a b c; bisect b c a
incenter2        | x y z i a b c  | x y z i | ncoll a b c | eqangle a b a i a i a c; eqangle c a c i c i c b; eqangle b c b i b i b a; coll x b c; perp i x b c; coll y c a; perp i y c a; coll z a b; perp i z a b; cong i x i y; cong i y i z | shape incenter2 a b c
excenter         | x a b c        | x       | ncoll a b c | eqangle a b a x a x a c; eqangle c a c x c x c b; eqangle b c b x b x b a | bisect b a c; exbisect b c a
excenter2        | x y z i a b c  | x y z i | ncoll a b c | eqangle a b a i a i a c; eqangle c a c i c i c b; eqangle b c b i b i b a; coll x b c; perp i x b c; coll y c a; perp i y c a; coll z a b; perp i z a b; cong i x i y; cong i y i z | shape excenter2 a b c
centroid         | x y z i a b c  | x y z i | ncoll a b c | midp x b c; coll x b c; cong x b x c; midp y c a; coll y c a; cong y c y a; midp z a b; coll z a b; cong z a z b; coll a x i; coll b y i; coll c z i | shape centroid a b c
ninepoints       | x y z i a b c  | x y z i | ncoll a b c | midp x b c; coll x b c; cong x b x c; midp y c a; coll y c a; cong y c y a; midp z a b; coll z a b; cong z a z b; cong i x i y; cong i y i z; circle i x y z | shape ninepoints a b c
intersection_cc  | x o w a        | x       | ncoll o w a | cong o a o x; cong w a w x | circle o o a; circle w w a
intersection_lc  | x a o b        | x       | diff a b; diff o b; nperp b o b a | coll x a b; cong o b o x | line b a; circle o o b
intersection_ll  | x a b c d      | x       | npara a b c d; ncoll a b c d | coll x a b; coll x c d | line a b; line c d
intersection_lp  | x a b c m n    | x       | npara m n a b; ncoll a b c; ncoll c m n | coll x a b; para c x m n | line a b; pline c m n
intersection_lt  | x a b c d e    | x       | ncoll a b c; nperp a b d e | coll x a b; perp x c d e | line a b; tline c d e
intersection_pp  | x a b c d e f  | x       | diff a d; npara b c e f | para x a b c; para x d e f | pline a b c; pline d e f
intersection_tt  | x a b c d e f  | x       | diff a d; npara b c e f | perp x a b c; perp x d e f | tline a b c; tline d e f
iso_triangle     | a b c          | a b c   |             | eqangle b a b c c b c a; cong a b a c | shape iso_triangle
lc_tangent       | x a o          | x       | diff a o    | perp a x a o | tline a a o
midpoint         | x a b          | x       | diff a b    | midp x a b; coll x a b; cong x a x b | midp a b
mirror           | x a b          | x       | diff a b    | midp b a x; coll x a b; cong b a b x | pmirror a b
nsquare          | x a b          | x       | diff a b    | cong x a a b; perp x a a b | rotaten90 a b
on_aline         | x a b c d e    | x       | ncoll c d e | eqangle a x a b d c d e | aline e d c b a
on_aline2        | x a b c d e    | x       | ncoll c d e | eqangle x a x b d c d e | aline2 e d c b a
on_bline         | x a b          | x       | diff a b    | cong x a x b; eqangle a x a b b a b x | bline a b
on_circle        | x o a          | x       | diff o a    | cong o x o a | circle o o a
on_line          | x a b          | x       | diff a b    | coll x a b | line a b
on_pline         | x a b c        | x       | diff b c; ncoll a b c | para x a b c | pline a b c
on_tline         | x a b c        | x       | diff b c    | perp x a b c | tline a b c
orthocenter      | x a b c        | x       | ncoll a b c | perp x a b c; perp x b c a; perp x c a b | tline a b c; tline b c a
parallelogram    | a b c x        | x       | ncoll a b c | para a b c x; para a x b c; cong a b c x; cong a x b c | pline a b c; pline c a b
pentagon         | a b c d e      | a b c d e |           | | shape pentagon
psquare          | x a b          | x       | diff a b    | cong x a a b; perp x a a b | rotatep90 a b
quadrangle       | a b c d        | a b c d |             | | shape quadrangle
r_trapezoid      | a b c d        | a b c d |             | para a b c d; perp a b a d | shape r_trapezoid
r_triangle       | a b c          | a b c   |             | perp a b a c | shape r_triangle
rectangle        | a b c d        | a b c d |             | perp a b b c; para a b c d; para a d b c; perp a b a d; cong a b c d; cong a d b c; cong a c b d | shape rectangle
reflect          | x a b c        | x       | diff b c; ncoll a b c | cong b a b x; cong c a c x; perp b c a x | reflect a b c
risos            | a b c          | a b c   |             | perp a b a c; cong a b a c; eqangle b a b c c b c a | shape risos
s_angle          | a b x %y       | x       | diff a b    | aconst a b b x %y:degrees | s_angle a b %y
segment          | a b            | a b     |             | | shape segment
shift            | x b c d        | x       | diff d b    | cong x b c d; cong x c b d | shift d c b
square           | a b x y        | x y     | diff a b    | perp a b b x; cong a b b x; para a b x y; para a y b x; perp a y y x; cong b x x y; cong x y y a; perp a x b y; cong a x b y | shape square a b
isquare          | a b c d        | a b c d |             | perp a b b c; cong a b b c; para a b c d; para a d b c; perp a d d c; cong b c c d; cong c d d a; perp a c b d; cong a c b d | shape isquare
trapezoid        | a b c d        | a b c d |             | para a b c d | shape trapezoid
triangle         | a b c          | a b c   |             | | shape triangle
triangle12       | a b c          | a b c   |             | rconst a b a c 1/2 | shape triangle12
2l1c             | x y z i a b c o | x y z i | cong o a o b; ncoll a b c | coll x a c; coll y b c; cong o a o z; coll i o z; cong i x i y; cong i y i z; perp i x a c; perp i y b c | shape 2l1c a b c o
e5128            | x y a b c d    | x y     | cong c b c d; perp b c b a | cong c b c x; coll y a b; coll x y d; eqangle a b a d x a x y | shape e5128 a b c d
3peq             | x y z a b c    | x y z   | ncoll a b c | coll z b c; coll x a b; coll y a c; coll x y z; cong z x z y | shape 3peq a b c
trisect          | x y a b c      | x y     | ncoll a b c | coll x a c; coll y a c; eqangle b a b x b x b y; eqangle b x b y b y b c | shape trisect a b c
trisegment       | x y a b        | x y     | diff a b    | coll x a b; coll y a b; cong x a x y; cong y x y b | shape trisegment a b
on_dia           | x a b          | x       | diff a b    | perp x a x b | dia a b
ieq_triangle     | a b c          | a b c   |             | cong a b b c; cong b c c a; eqangle a b a c c a c b; eqangle c a c b b c b a | shape ieq_triangle
on_opline        | x a b          | x       | diff a b    | coll x a b | on_opline a b
cc_tangent0      | x y o a w b    | x y     | diff o a; diff w b; diff o w | cong o x o a; cong w y w b; perp x o x y; perp y w y x | shape cc_tangent0 o a w b
cc_tangent       | x y z i o a w b | x y z i | diff o a; diff w b; diff o w | cong o x o a; cong w y w b; perp x o x y; perp y w y x; cong o z o a; cong w i w b; perp z o z i; perp i w i z | shape cc_tangent o a w b
eqangle3         | x a b d e f    | x       | ncoll d e f; diff a b; diff d e; diff e f | eqangle x a x b d e d f | eqangle3 a b d e f
tangent          | x y a o b      | x y     | diff o a; diff o b; diff a b | cong o x o b; perp a x o x; cong o y o b; perp a y o y | shape tangent a o b
on_circum        | x a b c        | x       | ncoll a b c | cyclic a b c x | cyclic a b c
"""

# Newclid's own constructions (its definitions, in our words and sketches).
_NEWCLID_TABLE = r"""
acute_triangle   | a b c          | a b c   |             | | shape acute_triangle
between          | c a b          | c a b   |             | coll a b c; obtuse_angle a c b | shape between
between_bound    | x a b          | x       | diff a b    | coll x a b; obtuse_angle a x b | inside a b
iso_triangle0    | a b c          | a b c   |             | cong a b a c | shape iso_triangle
iso_trapezoid    | a b c d        | a b c d |             | para d c a b; cong d a b c | shape eq_trapezoid
iso_trapezoid2   | x a b c        | x       | ncoll a b c | cong x b a c; cong x a b c | bline_mirror c a b
iso_triangle_vertex | x b c       | x       | diff b c    | cong x b x c | bline b c
iso_triangle_vertex_angle | x b c | x       | diff b c    | eqangle x b b c b c x c | bline b c
on_pline0        | x a b c        | x       | diff b c    | para x a b c | pline a b c
on_aline0        | x a b c d e f g | x      | diff a b; diff c d; diff e f | eqangle a b c d e f g x | aline0 a b c d e f g
cc_itangent      | x y z i o a w b | x y z i | diff o a; diff w b; diff o w | cong o x o a; cong w y w b; perp x o x y; perp y w y x; cong o z o a; cong w i w b; perp z o z i; perp i w i z | shape cc_itangent o a w b
aconst           | a b c x %angle | x       | diff a b    | aconst a b c x %angle | aconst_line a b c %angle
rconst           | a b c x %ratio | x       | diff a b    | rconst a b c x %ratio | rcircle a b c %ratio
rconst2          | x a b %ratio   | x       | diff a b    | rconst x a x b %ratio | apollonius a b %ratio
r2const          | a b c x %ratio | x       | diff a b    | r2const a b c x %ratio | r2circle a b c %ratio
eqratio          | x a b c d e f g | x      | diff a b; diff c d; diff e f | eqratio a b c d e f g x | eqratio_circle a b c d e f g
eqratio6         | x a c e f g h  | x       | diff a c; diff e f; diff g h | eqratio a x c x e f g h | apollonius6 a c e f g h
lconst           | x a %length    | x       |             | lconst x a %length | lcircle a %length
l2const          | x a %length    | x       |             | l2const x a %length | l2circle a %length
simtri           | r a b c p q    | r       | ncoll a b c; diff p q | simtri a b c p q r | simtri_point a b c p q
simtrir          | r a b c p q    | r       | ncoll a b c; diff p q | simtri2 a b c p q r | simtrir_point a b c p q
contri           | q r a b c p    | q r     | ncoll a b c | contri a b c p q r | shape contri a b c p
contrir          | q r a b c p    | q r     | ncoll a b c | contri2 a b c p q r | shape contrir a b c p
test_r20         | o a b c        | o a b c |             | circle o a b c; coll o a c | shape test_r20
test_r25         | a b c d m      | a b c d m |           | midp m a b; midp m c d | shape test_r25
"""

ALPHAGEOMETRY = "alphageometry"
NEWCLID = "newclid"


@dataclass(frozen=True)
class Sketch:
    """One numeric ingredient: a locus (line, circle, ...) or a shape placing points."""

    name: str
    args: tuple[str, ...]
    is_shape: bool = False


@dataclass(frozen=True)
class ConstructionSpec:
    """A row of the construction table."""

    name: str
    signature: tuple[str, ...]
    new_points: tuple[str, ...]
    preconditions: tuple[Atom, ...]
    facts: tuple[Atom, ...]
    sketches: tuple[Sketch, ...]
    origin: str = ALPHAGEOMETRY  # the problem language that defines it: alphageometry | newclid

    @property
    def number_args(self) -> tuple[str, ...]:
        return tuple(a for a in self.signature if a.startswith("%"))

    @property
    def given_points(self) -> tuple[str, ...]:
        """Arguments that must already exist (not new, not numbers)."""
        return tuple(
            a for a in self.signature if a not in self.new_points and not a.startswith("%")
        )

    @property
    def is_shape(self) -> bool:
        return len(self.sketches) == 1 and self.sketches[0].is_shape

    def usage(self) -> str:
        shown = [a.lstrip("%") for a in self.signature]
        return " ".join((self.name, *shown))

    def binding(self, args: tuple[str, ...]) -> dict[str, str]:
        """Map the signature's names to actual arguments (equal length assumed)."""
        return dict(zip(self.signature, args, strict=True))

    def instantiate(self, atoms: tuple[Atom, ...], args: tuple[str, ...]) -> list[Atom]:
        """Substitute actual arguments into predicates written on the signature.

        A number slot written `%y:degrees` becomes that angle as a fraction of pi.
        """
        env = self.binding(args)

        def subst(x: str) -> str:
            if x.endswith(":degrees"):
                return _degrees_as_pi(env[x[: -len(":degrees")]])
            return env.get(x, x)

        return [Atom(a.predicate, tuple(subst(x) for x in a.args)) for a in atoms]


def _degrees_as_pi(text: str) -> str:
    num, _, den = text.partition("/")
    value = Fraction(num) / Fraction(den or 1) / 180
    return f"{value.numerator}pi/{value.denominator}"


def _atoms(text: str) -> tuple[Atom, ...]:
    return tuple(
        Atom(part.split()[0], tuple(part.split()[1:])) for part in text.split(";") if part.strip()
    )


def _sketches(text: str) -> tuple[Sketch, ...]:
    out = []
    for part in text.split(";"):
        words = part.split()
        if not words:
            continue
        if words[0] == "shape":
            out.append(Sketch(words[1], tuple(words[2:]), is_shape=True))
        else:
            out.append(Sketch(words[0], tuple(words[1:])))
    return tuple(out)


@cache
def construction_table() -> dict[str, ConstructionSpec]:
    """All constructions by name: AlphaGeometry's, then the ones only Newclid defines."""
    table: dict[str, ConstructionSpec] = {}
    for origin, text in ((ALPHAGEOMETRY, _TABLE), (NEWCLID, _NEWCLID_TABLE)):
        for raw in text.strip().splitlines():
            name, signature, new, pre, facts, sketch = (c.strip() for c in raw.split("|"))
            table[name] = ConstructionSpec(
                name=name,
                signature=tuple(signature.split()),
                new_points=tuple(new.split()),
                preconditions=_atoms(pre),
                facts=_atoms(facts),
                sketches=_sketches(sketch),
                origin=origin,
            )
    return table


def alphageometry_names() -> list[str]:
    """The 68 constructions of AlphaGeometry's problem language, in table order."""
    return [n for n, spec in construction_table().items() if spec.origin == ALPHAGEOMETRY]


def lookup(name: str) -> ConstructionSpec | None:
    return construction_table().get(name)


def closest_names(name: str, n: int = 3) -> list[str]:
    """Known construction names that look like `name` (for error hints)."""
    names = list(construction_table())
    close = difflib.get_close_matches(name, names, n=n, cutoff=0.5)
    if not close:
        close = [k for k in names if name in k or k in name][:n]
    return close
