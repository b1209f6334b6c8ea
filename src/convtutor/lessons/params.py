"""Quiz parameters: safe constraint expressions, and variants drawn from a seed.

Constraints such as ``k <= n`` or ``(n - k) % s == 0`` are parsed with :mod:`ast` and then
evaluated by the small interpreter below, which knows only whole-number arithmetic,
comparisons, ``and``/``or``/``not`` and ``min``/``max``/``abs``. Nothing is ever passed to
``eval``: a lesson file cannot run code.
"""

from __future__ import annotations

import ast
import itertools
import operator
import random
from collections.abc import Callable
from dataclasses import dataclass

from convtutor.lessons.fields import ParamSpec

MAX_EXPRESSION = 200
MAX_DRAWS = 2_000  # rejection-sampling attempts per variant
ENUMERATE_LIMIT = 5_000  # parameter spaces up to this size can be checked exhaustively

_BINARY: dict[type[ast.operator], Callable[[int, int], int]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
}
_COMPARE: dict[type[ast.cmpop], Callable[[int, int], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
    ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
}
_FUNCTIONS: dict[str, Callable[..., int]] = {"min": min, "max": max, "abs": abs}


class ExpressionError(ValueError):
    pass


@dataclass(frozen=True)
class Expression:
    text: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, values: dict[str, int]) -> int:
        """The value of the expression; comparisons and ``and``/``or``/``not`` give bools (which are ints)."""
        return _evaluate(self.tree.body, values)

    def holds(self, values: dict[str, int]) -> bool:
        try:
            return bool(self.evaluate(values))
        except ZeroDivisionError:
            return False


def parse_expression(text: str) -> Expression:
    """Parse a constraint; ExpressionError says what is not allowed."""
    if len(text) > MAX_EXPRESSION:
        raise ExpressionError(f"a constraint is at most {MAX_EXPRESSION} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"cannot read the constraint {text!r}: {error.msg}") from None
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in _FUNCTIONS:
                names.add(node.id)
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS or node.keywords:
                raise ExpressionError("the only functions are min(...), max(...) and abs(...)")
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, int):
                raise ExpressionError(f"only whole numbers may appear in constraints, not {node.value!r}")
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _BINARY:
                raise ExpressionError("constraints use + - * // % (no / and no **)")
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
                raise ExpressionError("this operator is not allowed in constraints")
        elif isinstance(node, ast.Compare):
            if any(type(op) not in _COMPARE for op in node.ops):
                raise ExpressionError("compare with == != < <= > >=")
        elif not isinstance(node, (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.Load, ast.operator,
                                   ast.unaryop, ast.cmpop)):
            raise ExpressionError(f"'{ast.unparse(node)}' is not allowed in a constraint")
    return Expression(text, tree, frozenset(names))


def _evaluate(node: ast.AST, values: dict[str, int]) -> int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):  # parse allows no other constants
        return node.value
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        if isinstance(node.op, ast.Not):
            return not operand
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return all(_evaluate(v, values) for v in node.values)
        return any(_evaluate(v, values) for v in node.values)
    if isinstance(node, ast.Compare):
        left = _evaluate(node.left, values)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _evaluate(right_node, values)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):  # parse allows no other calls
        return _FUNCTIONS[node.func.id](*(_evaluate(a, values) for a in node.args))
    raise ExpressionError(f"cannot evaluate {ast.dump(node)}")  # pragma: no cover - parse refuses these


def domain(spec: ParamSpec) -> list[int]:
    """Every value a parameter can take."""
    if spec.choices is not None:
        return list(dict.fromkeys(spec.choices))
    if spec.range is None:  # the checks report this before any domain is asked for
        raise TypeError("a parameter needs either range: [low, high] or choices: [...]")
    low, high = spec.range
    return list(range(low, high + 1))


def space_size(params: dict[str, ParamSpec]) -> int:
    size = 1
    for spec in params.values():
        size *= max(len(domain(spec)), 0)
    return size


def draw(params: dict[str, ParamSpec], constraints: list[Expression], seed: int, index: int) -> dict[str, int] | None:
    """Variant ``index`` of a question: the same seed and index always give the same values."""
    rng = random.Random(f"{seed}:{index}")
    domains = {name: domain(spec) for name, spec in params.items()}
    for _ in range(MAX_DRAWS):
        values = {name: rng.choice(options) for name, options in domains.items()}
        if all(c.holds(values) for c in constraints):
            return values
    return None


def all_variants(
    params: dict[str, ParamSpec], constraints: list[Expression], seed: int, *, sample: int = 60,
    enumerate_limit: int = ENUMERATE_LIMIT,
) -> list[dict[str, int]]:
    """Every valid combination when the space is at most ``enumerate_limit``, else ``sample``
    variants drawn as the app draws them."""
    if space_size(params) <= enumerate_limit:
        names = list(params)
        found = []
        for combo in itertools.product(*(domain(params[n]) for n in names)):
            values = dict(zip(names, combo, strict=True))
            if all(c.holds(values) for c in constraints):
                found.append(values)
        return found
    drawn = (draw(params, constraints, seed, i) for i in range(sample))
    return [v for v in drawn if v is not None]
