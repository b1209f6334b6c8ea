"""Per-axis convolution arithmetic: padding, output length, and the cells no window reads.

Everything here works on one axis (rows or columns) at a time, with plain integers.
Conventions follow Keras/TensorFlow and PyTorch:

* padding is counted per side (``before``/``after``), as PyTorch's ``padding=`` and
  Dumoulin & Visin do (d2l.ai counts the total instead);
* ``"same"`` is TensorFlow's rule: output ``ceil(n / s)``, and when the total padding is
  odd the extra pixel goes *after* (bottom or right);
* ``"full"`` pads ``k_eff - 1`` on each side;
* the effective (dilated) kernel length is ``k_eff = d * (k - 1) + 1``.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias, TypeGuard

#: What one axis's padding can be given as: a name, pixels on each side, or ``(before, after)``.
AxisPadding: TypeAlias = str | int | tuple[int, int]
#: ``"valid" | "same" | "full" | p | (p_rows, p_cols) | ((top, bottom), (left, right))``
#: (lists are accepted wherever a tuple is).
Padding2D: TypeAlias = str | int | Sequence[int] | Sequence[Sequence[int]]

#: The padding names, and (below) PyTorch's ``padding_mode`` names: the one list of each in
#: convtutor. Every table keyed by them elsewhere is checked against these when it is imported.
PADDING_NAMES = ("valid", "same", "full")
PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def _quoted(names: Sequence[str]) -> str:
    """``'valid', 'same', 'full'``."""
    return ", ".join(repr(name) for name in names)


def check_count(name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` as an int, or raise a ValueError a learner can act on.

    Floats such as ``2.0`` are refused rather than truncated; NumPy integers are accepted.
    """
    if type(value) is not int:  # a plain int skips the ABC check, slow and called ~2,000 times a load
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise ValueError(f"{name.capitalize()} must be a whole number, not {value!r}.")
        value = int(value)
    if value < minimum:
        hint = ""
        if name in ("stride", "dilation"):
            hint = f" A {name} of 1 means the kernel moves (or reads) every pixel."
        elif minimum == 0:
            hint = " Padding adds pixels; it cannot remove them."
        raise ValueError(f"{name.capitalize()} must be at least {minimum}; got {value}.{hint}")
    return value


def effective_kernel(k: int, dilation: int = 1) -> int:
    """Length the kernel spans once dilated: ``d * (k - 1) + 1``."""
    k = check_count("kernel size", k)
    dilation = check_count("dilation", dilation)
    return dilation * (k - 1) + 1


def resolve_padding(
    n: int,
    k: int,
    *,
    stride: int = 1,
    padding: AxisPadding = "valid",
    dilation: int = 1,
) -> tuple[int, int]:
    """Padding ``(before, after)`` on one axis of length ``n``.

    ``padding`` is ``"valid"``, ``"same"``, ``"full"``, an int (the same on both sides) or a
    ``(before, after)`` pair. ``"same"`` follows Keras/TensorFlow: the odd pixel goes after.
    """
    n = check_count("input size", n)
    stride = check_count("stride", stride)
    k_eff = effective_kernel(k, dilation)
    if isinstance(padding, str):
        name = padding.lower()
        if name == "valid":
            return (0, 0)
        if name == "same":
            out = -(-n // stride)
            total = max((out - 1) * stride + k_eff - n, 0)
            return (total // 2, total - total // 2)
        if name == "full":
            return (k_eff - 1, k_eff - 1)
        raise ValueError(
            f"Unknown padding {padding!r}: use {_quoted(PADDING_NAMES)}, a number of pixels, "
            "or (before, after)."
        )
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise ValueError(
                f"Padding for one axis must be (before, after); got {tuple(padding)!r}."
            )
        before = check_count("padding", padding[0], minimum=0)
        after = check_count("padding", padding[1], minimum=0)
        return (before, after)
    p = check_count("padding", padding, minimum=0)
    return (p, p)


def output_length(
    n: int,
    k: int,
    *,
    stride: int = 1,
    padding: AxisPadding = "valid",
    dilation: int = 1,
) -> int:
    """Number of window positions along one axis: ``floor((n + before + after - k_eff) / s) + 1``.

    Raises ValueError when the (dilated) kernel is longer than the padded input.
    """
    return plan_axis(n, k, stride=stride, padding=padding, dilation=dilation).output


@dataclass(frozen=True)
class AxisPlan:
    """Everything about one axis of a convolution, worked out once.

    Indices called *padded* count from the first padding cell; *input* indices count from
    the first real input cell (``padded - before``).
    """

    size: int
    kernel: int
    stride: int
    dilation: int
    padding: AxisPadding
    before: int
    after: int

    @property
    def effective_kernel(self) -> int:
        return self.dilation * (self.kernel - 1) + 1

    @property
    def padded(self) -> int:
        return self.size + self.before + self.after

    @property
    def output(self) -> int:
        return (self.padded - self.effective_kernel) // self.stride + 1

    @property
    def leftover(self) -> int:
        """``(n + before + after - k_eff) mod s``: padded cells past the last window."""
        return (self.padded - self.effective_kernel) % self.stride

    def window_start(self, out_index: int) -> int:
        """Padded index of the first tap of output ``out_index``'s window."""
        return out_index * self.stride

    def taps(self, out_index: int) -> tuple[int, ...]:
        """Padded indices read by the window that produces output ``out_index``."""
        start = self.window_start(out_index)
        return tuple(start + j * self.dilation for j in range(self.kernel))

    def readers(self, padded_index: int) -> tuple[int, ...]:
        """Output indices whose window reads ``padded_index`` (the forward mapping)."""
        found = []
        for j in range(self.kernel):
            offset = padded_index - j * self.dilation
            if offset >= 0 and offset % self.stride == 0 and offset // self.stride < self.output:
                found.append(offset // self.stride)
        return tuple(sorted(found))

    @property
    def unread(self) -> tuple[int, ...]:
        """Padded indices that no window reads.

        They come from two places: cells past the last window when the stride does not divide
        ``n + before + after - k_eff`` (see :attr:`trailing`), and, with dilation larger than
        the stride, cells that fall between the taps of every window.
        """
        read: set[int] = set()
        for o in range(self.output):
            read.update(self.taps(o))
        return tuple(i for i in range(self.padded) if i not in read)

    @property
    def trailing(self) -> tuple[int, ...]:
        """Padded indices after the end of the last window."""
        end = self.window_start(self.output - 1) + self.effective_kernel
        return tuple(range(end, self.padded))

    @property
    def unread_inputs(self) -> tuple[int, ...]:
        """Input (not padding) indices that no window reads."""
        return tuple(
            i - self.before for i in self.unread if self.before <= i < self.before + self.size
        )

    def is_padding(self, padded_index: int) -> bool:
        return padded_index < self.before or padded_index >= self.before + self.size

    def unread_explanation(self, lines_word: str = "rows") -> list[str]:
        """Plain sentences saying which input cells no window reads, and why (0-based)."""
        found = []
        inputs = set(self.unread_inputs)
        trailing = [i - self.before for i in self.trailing if (i - self.before) in inputs]
        gaps = sorted(inputs - set(trailing))
        if trailing:
            span = self.padded - self.effective_kernel
            found.append(
                f"{_which(lines_word, trailing)} never read: "
                f"({self.size} + {self.before} + {self.after} − {self.effective_kernel}) = {span} "
                f"is not a multiple of the stride {self.stride}, so "
                + (
                    f"the last {lines_word[:-1]} of the padded input fits no window"
                    if self.leftover == 1
                    else f"the last {self.leftover} {lines_word} of the padded input fit no window"
                )
            )
        if gaps:
            found.append(
                f"{_which(lines_word, gaps)} never read: they fall between the taps of "
                f"the kernel dilated by {self.dilation}, and the stride {self.stride} never lands on them"
            )
        return found

    def formula_lines(self, i_name: str = "i") -> list[str]:
        """The arithmetic for this axis with the numbers put in, one step per line."""
        n, k, s, d = self.size, self.kernel, self.stride, self.dilation
        k_eff, b, a, o = self.effective_kernel, self.before, self.after, self.output
        lines = []
        k_sym = "k"
        if d > 1:
            lines.append(f"k̂ = d·(k − 1) + 1 = {d}·({k} − 1) + 1 = {k_eff}")
            k_sym = "k̂"
        name = self.padding.lower() if isinstance(self.padding, str) else None
        if name == "same":
            total = b + a
            lines.append(f"o = ⌈{i_name} / s⌉ = ⌈{n} / {s}⌉ = {o}")
            lines.append(
                f"total padding = max((o − 1)·s + {k_sym} − {i_name}, 0) = "
                f"max(({o} − 1)·{s} + {k_eff} − {n}, 0) = {total}"
                + (f" → {b} before, {a} after" if total else "")
            )
        elif name == "full":
            lines.append(f"p = {k_sym} − 1 = {k_eff - 1} on each side")
        if b == a:
            lines.append(
                f"o = ⌊({i_name} + 2p − {k_sym}) / s⌋ + 1 = ⌊({n} + 2·{b} − {k_eff}) / {s}⌋ + 1 = {o}"
            )
        else:
            lines.append(
                f"o = ⌊({i_name} + p_before + p_after − {k_sym}) / s⌋ + 1 = "
                f"⌊({n} + {b} + {a} − {k_eff}) / {s}⌋ + 1 = {o}"
            )
        return lines


def plan_axis(
    n: int,
    k: int,
    *,
    stride: int = 1,
    padding: AxisPadding = "valid",
    dilation: int = 1,
    axis_name: str = "",
) -> AxisPlan:
    """Work out one axis; raise ValueError if the kernel does not fit the padded input."""
    k = check_count("kernel size", k)
    stride = check_count("stride", stride)
    dilation = check_count("dilation", dilation)
    before, after = resolve_padding(n, k, stride=stride, padding=padding, dilation=dilation)
    plan = AxisPlan(int(n), k, stride, dilation, padding, before, after)
    if plan.effective_kernel > plan.padded:
        where = f" along the {axis_name}" if axis_name else ""
        dilated = f" (a {k}-tap kernel dilated by {dilation})" if dilation > 1 else ""
        raise ValueError(
            f"The kernel does not fit{where}: it spans {plan.effective_kernel} pixels{dilated} "
            f"but the padded input has only {plan.padded} ({n} + {before} + {after}). "
            "Use a smaller kernel or dilation, or add padding."
        )
    return plan


def grow_receptive_field(field: int, jump: int, effective_kernel: int, stride: int) -> tuple[int, int]:
    """One more layer on one axis: the receptive field grows by (k̂ − 1) jumps of the input
    pixels between neighbouring outputs so far, and that jump multiplies by the stride.
    Returns the new (field, jump); start from (1, 1) for the input itself."""
    return field + (effective_kernel - 1) * jump, jump * stride


def receptive_field(layers: Sequence[tuple[int, int, int]]) -> tuple[int, int]:
    """(receptive field, jump) on one axis after layers of (kernel, stride, dilation)."""
    field, jump = 1, 1
    for kernel, stride, dilation in layers:
        field, jump = grow_receptive_field(field, jump, effective_kernel(kernel, dilation), check_count("stride", stride))
    return field, jump


def _list(values: list[int]) -> str:
    if len(values) > 2 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}–{values[-1]}"
    return ", ".join(str(v) for v in values)


def _which(word: str, values: list[int]) -> str:
    """``input rows 6, 7 are`` / ``input row 7 is``."""
    if len(values) == 1:
        return f"input {word[:-1]} {values[0]} is"
    return f"input {word} {_list(values)} are"


def source_indices(plan: AxisPlan, mode: str) -> tuple[int, ...]:
    """For each padded index on an axis, the input index its value comes from (-1: a zero).

    ``reflect`` mirrors without repeating the edge, ``replicate`` repeats the edge,
    ``circular`` wraps around, as PyTorch's padding modes do (within the pad sizes PyTorch
    accepts, which :func:`check_mode_fits` enforces).
    """
    mode = check_mode(mode)
    n = plan.size
    found = []
    for i in range(plan.padded):
        k = i - plan.before
        if not 0 <= k < n:
            if mode == "zeros":
                k = -1
            elif mode == "replicate":
                k = 0 if k < 0 else n - 1
            elif mode == "circular":
                k %= n
            elif mode == "reflect":
                k = -k if k < 0 else 2 * (n - 1) - k
            else:  # a mode added to PADDING_MODES but not here
                raise NotImplementedError(f"No padding rule for mode {mode!r}.")
        found.append(k)
    return tuple(found)


# -- both axes ------------------------------------------------------------------------------
def pair(value: object, name: str) -> tuple[int, int]:
    """``3`` -> ``(3, 3)``; ``(2, 1)`` -> ``(2, 1)``; anything else is a ValueError."""
    if type(value) is int or (isinstance(value, numbers.Integral) and not isinstance(value, bool)):
        n = check_count(name, value)
        return (n, n)
    if isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:
        return (check_count(name, value[0]), check_count(name, value[1]))
    raise ValueError(f"{name.capitalize()} must be a whole number or (rows, cols); got {value!r}.")


def split_padding(padding: Padding2D) -> tuple[AxisPadding, AxisPadding]:
    """Split a 2-D padding into the padding of the rows axis and of the columns axis.

    A pair of ints means ``(p_rows, p_cols)`` (as PyTorch); a pair of pairs means
    ``((top, bottom), (left, right))`` (as Keras' ``ZeroPadding2D``).
    """
    if isinstance(padding, str):
        return (padding, padding)
    if isinstance(padding, numbers.Integral) and not isinstance(padding, bool):
        return (int(padding), int(padding))
    if isinstance(padding, Sequence) and not isinstance(padding, str) and len(padding) == 2:
        first, second = padding[0], padding[1]
        if _is_count(first) and _is_count(second):
            return (int(first), int(second))
        if _is_side_pair(first) and _is_side_pair(second):
            # The numbers are checked by resolve_padding, which names what is wrong with them.
            return ((first[0], first[1]), (second[0], second[1]))
    raise ValueError(
        f"Cannot read padding {padding!r}. Use {_quoted(PADDING_NAMES)}, a number of pixels, "
        "(rows, cols), or ((top, bottom), (left, right))."
    )


def _is_count(value: int | Sequence[int]) -> TypeGuard[int]:
    """An int or a NumPy integer, but not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_side_pair(value: int | Sequence[int]) -> TypeGuard[Sequence[int]]:
    """Two items, e.g. ``(before, after)``; resolve_padding checks that they are counts."""
    return isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2


def check_mode(mode: str) -> str:
    """Return the padding mode's canonical name or raise a ValueError listing the choices."""
    if isinstance(mode, str) and mode.lower() in PADDING_MODES:
        return mode.lower()
    raise ValueError(
        f"Unknown padding mode {mode!r}; choose one of {', '.join(PADDING_MODES)}."
    )


def check_mode_fits(mode: str, rows: AxisPlan, cols: AxisPlan) -> None:
    """Refuse pads that PyTorch refuses, so that our numbers always have a PyTorch twin."""
    for plan, axis in ((rows, "rows"), (cols, "columns")):
        biggest = max(plan.before, plan.after)
        if mode == "reflect" and biggest >= plan.size:
            raise ValueError(
                f"Reflect padding of {biggest} needs more than {biggest} {axis} of input "
                f"(there are {plan.size}); use less padding or mode 'replicate'."
            )
        if mode == "circular" and biggest > plan.size:
            raise ValueError(
                f"Circular padding of {biggest} cannot wrap around only {plan.size} {axis}; "
                "use less padding."
            )


@dataclass(frozen=True)
class ConvPlan:
    """Both axes of a convolution, checked: what :func:`conv2d` will do, without doing it."""

    rows: AxisPlan
    cols: AxisPlan
    padding_mode: str

    @property
    def output_shape(self) -> tuple[int, int]:
        return (self.rows.output, self.cols.output)


def plan_conv(
    input_hw: tuple[int, int],
    kernel_hw: tuple[int, int],
    *,
    stride: int | tuple[int, int] = 1,
    padding: Padding2D = "valid",
    dilation: int | tuple[int, int] = 1,
    padding_mode: str = "zeros",
) -> ConvPlan:
    """Check a convolution's settings and work out both axes (raises ValueError)."""
    sh, sw = pair(stride, "stride")
    dh, dw = pair(dilation, "dilation")
    pr, pc = split_padding(padding)
    mode = check_mode(padding_mode)
    rows = plan_axis(input_hw[0], kernel_hw[0], stride=sh, padding=pr, dilation=dh, axis_name="rows")
    cols = plan_axis(input_hw[1], kernel_hw[1], stride=sw, padding=pc, dilation=dw, axis_name="columns")
    check_mode_fits(mode, rows, cols)
    return ConvPlan(rows, cols, mode)


# -- transposed convolution -------------------------------------------------------------------
# The scatter view: input cell j adds w[t]·x[j] into cell j·s + t·d of the *full* result, whose
# length is (i − 1)·s + k̂. A layer keeps part of that result: it crops ``before`` cells at the
# start and ``after`` at the end (a negative ``after`` adds cells there, which receive only the
# bias). PyTorch's ``padding`` p crops p from each side and ``output_padding`` gives back cells at
# the end (after = p − output_padding). Keras 3's 'valid'/'same' are worked out as in
# keras/src/backend/common/backend_utils.py (``_convert_conv_transpose_padding_args_from_keras_to_jax``
# and ``_get_output_shape_given_tf_padding``); its TensorFlow, JAX and PyTorch backends agree.

#: The padding names a transposed convolution (and a pooling layer) takes: Keras' two.
KERAS_PADDING_NAMES = ("valid", "same")


def _keras_transpose_crops(k_eff: int, stride: int, padding: str, output_padding: int | None) -> tuple[int, int]:
    """(before, after) cropped from the full result by Keras 3's Conv2DTranspose on one axis."""
    if padding == "valid":
        extra = max(k_eff, stride) - k_eff if output_padding is None else output_padding
        return (0, -extra)
    if output_padding is None:
        pad_len = stride + k_eff - 2  # the output is i·s
    else:
        pad_len = k_eff + k_eff % 2 - 2 + output_padding
    left = min(pad_len // 2 + pad_len % 2, k_eff - 1)  # JAX's padding of the stride-dilated input
    right = pad_len - left
    return (k_eff - 1 - left, k_eff - 1 - right)


@dataclass(frozen=True)
class TransposeAxisPlan:
    """One axis of a transposed convolution, worked out once.

    ``padding`` is Keras' ``"valid"``/``"same"`` or PyTorch's pixels per side; ``output_padding``
    is as given (None: Keras' default, or 0 for PyTorch). ``before``/``after`` are the cells
    cropped from each end of the full result (negative: added).
    """

    size: int
    kernel: int
    stride: int
    dilation: int
    padding: str | int
    output_padding: int | None
    before: int
    after: int

    @property
    def effective_kernel(self) -> int:
        return self.dilation * (self.kernel - 1) + 1

    @property
    def full(self) -> int:
        """Length of the full (uncropped) result: ``(i − 1)·s + k̂``."""
        return (self.size - 1) * self.stride + self.effective_kernel

    @property
    def output(self) -> int:
        return self.full - self.before - self.after

    @property
    def is_keras(self) -> bool:
        return isinstance(self.padding, str)

    def targets(self, in_index: int) -> tuple[int, ...]:
        """Output indices that input ``in_index`` adds into (one per tap that is not cropped)."""
        found = []
        for t in range(self.kernel):
            o = in_index * self.stride + t * self.dilation - self.before
            if 0 <= o < self.output:
                found.append(o)
        return tuple(found)

    def sources(self, out_index: int) -> tuple[tuple[int, int], ...]:
        """``(input index, tap)`` pairs that add into output ``out_index`` (empty: bias only)."""
        found = []
        for t in range(self.kernel):
            offset = out_index + self.before - t * self.dilation
            if offset % self.stride == 0 and 0 <= offset // self.stride < self.size:
                found.append((offset // self.stride, t))
        return tuple(found)

    @property
    def unread_inputs(self) -> tuple[int, ...]:
        """Input indices whose every contribution is cropped away."""
        return tuple(j for j in range(self.size) if not self.targets(j))

    def unread_explanation(self, lines_word: str = "rows") -> list[str]:
        unused = list(self.unread_inputs)
        if not unused:
            return []
        return [f"{_which(lines_word, unused)} never used: everything they add lands in the cropped {self.before} + {self.after} {lines_word}"]

    def formula_lines(self, i_name: str = "i") -> list[str]:
        """The arithmetic with the numbers put in, one step per line."""
        n, k, s, d = self.size, self.kernel, self.stride, self.dilation
        k_eff, o = self.effective_kernel, self.output
        lines = []
        k_sym = "k"
        if d > 1:
            lines.append(f"k̂ = d·(k − 1) + 1 = {d}·({k} − 1) + 1 = {k_eff}")
            k_sym = "k̂"
        op = self.output_padding
        if not isinstance(self.padding, str):
            p = self.padding
            lines.append(
                f"o = ({i_name} − 1)·s − 2p + {k_sym} + output_padding = "
                f"({n} − 1)·{s} − 2·{p} + {k_eff} + {op or 0} = {o}"
            )
        elif self.padding == "valid" and op is None:
            lines.append(f"o = ({i_name} − 1)·s + max({k_sym}, s) = ({n} − 1)·{s} + max({k_eff}, {s}) = {o}")
            if k_eff < s:
                lines.append(f"(Keras' output_padding defaults to max({k_sym}, s) − {k_sym} = {s - k_eff})")
        elif self.padding == "valid":
            lines.append(f"o = ({i_name} − 1)·s + {k_sym} + output_padding = ({n} − 1)·{s} + {k_eff} + {op} = {o}")
        else:
            if op is None:
                lines.append(f"o = {i_name}·s = {n}·{s} = {o}")
            else:
                lines.append(
                    f"o = ({i_name} − 1)·s + {k_sym} mod 2 + output_padding = ({n} − 1)·{s} + {k_eff} mod 2 + {op} = {o}"
                )
            lines.append(
                f"full result ({i_name} − 1)·s + {k_sym} = ({n} − 1)·{s} + {k_eff} = {self.full}: "
                + _crop_words(self.before, self.after)
            )
        return lines


def _crop_words(before: int, after: int) -> str:
    """``1 cropped before, 2 added after``."""
    def one(value: int, where: str) -> str:
        return f"{value} cropped {where}" if value >= 0 else f"{-value} added {where}"

    return f"{one(before, 'before')}, {one(after, 'after')}"


def _check_output(output: int, what: str, axis_name: str, detail: str) -> None:
    if output < 1:
        where = f" along the {axis_name}" if axis_name else ""
        raise ValueError(f"The {what} would have no output{where}: {detail}.")


def plan_transpose_axis(
    n: int,
    k: int,
    *,
    stride: int = 1,
    padding: str | int = "valid",
    output_padding: int | None = None,
    dilation: int = 1,
    axis_name: str = "",
) -> TransposeAxisPlan:
    """Work out one axis of a transposed convolution; raise ValueError for what Keras or PyTorch refuse."""
    n = check_count("input size", n)
    k = check_count("kernel size", k)
    stride = check_count("stride", stride)
    dilation = check_count("dilation", dilation)
    if output_padding is not None:
        output_padding = check_count("output padding", output_padding, minimum=0)
    k_eff = dilation * (k - 1) + 1
    where = f" along the {axis_name}" if axis_name else ""
    if isinstance(padding, str):
        name = padding.lower()
        if name not in KERAS_PADDING_NAMES:
            raise ValueError(
                f"A transposed convolution's padding is {_quoted(KERAS_PADDING_NAMES)} (Keras) or the pixels "
                f"PyTorch crops from each side, p or (p_rows, p_cols); got {padding!r}."
            )
        if output_padding is not None and output_padding >= stride:
            raise ValueError(
                f"Output padding must be below the stride in Keras' Conv2DTranspose{where}: got output_padding "
                f"{output_padding} with stride {stride}."
            )
        before, after = _keras_transpose_crops(k_eff, stride, name, output_padding)
        plan = TransposeAxisPlan(n, k, stride, dilation, name, output_padding, before, after)
    else:
        p = check_count("padding", padding, minimum=0)
        op = 0 if output_padding is None else output_padding
        if op >= max(stride, dilation):
            raise ValueError(
                f"Output padding must be below the stride or the dilation in PyTorch's ConvTranspose2d{where}: "
                f"got output_padding {op} with stride {stride} and dilation {dilation}."
            )
        plan = TransposeAxisPlan(n, k, stride, dilation, p, output_padding, p, p - op)
    _check_output(
        plan.output, "transposed convolution", axis_name,
        f"the full result has {plan.full} cells and {plan.before} + {plan.after} are cropped; use less padding",
    )
    return plan


def transposed_output_length(
    n: int,
    k: int,
    *,
    stride: int = 1,
    padding: str | int = "valid",
    output_padding: int | None = None,
    dilation: int = 1,
) -> int:
    """Output length of a transposed convolution on one axis.

    PyTorch (``padding`` an int): ``(n − 1)·s − 2p + d·(k − 1) + output_padding + 1``.
    Keras 'valid': ``(n − 1)·s + max(k̂, s)``, or ``(n − 1)·s + k̂ + output_padding`` when given;
    Keras 'same': ``n·s``, or ``(n − 1)·s + k̂ mod 2 + output_padding`` when given.
    """
    return plan_transpose_axis(
        n, k, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation
    ).output


@dataclass(frozen=True)
class TransposePlan:
    """Both axes of a transposed convolution, checked."""

    rows: TransposeAxisPlan
    cols: TransposeAxisPlan

    @property
    def output_shape(self) -> tuple[int, int]:
        return (self.rows.output, self.cols.output)

    @property
    def full_shape(self) -> tuple[int, int]:
        return (self.rows.full, self.cols.full)


def _split_simple_padding(padding: object, what: str) -> tuple[str | int, str | int]:
    """'valid' / 'same' / p / (p_rows, p_cols): the padding forms both Keras and PyTorch layers share."""
    if isinstance(padding, str):
        return (padding, padding)
    if isinstance(padding, numbers.Integral) and not isinstance(padding, bool):
        return (int(padding), int(padding))
    if isinstance(padding, Sequence) and len(padding) == 2 and all(_is_count(v) for v in padding):
        return (int(padding[0]), int(padding[1]))
    raise ValueError(
        f"Cannot read padding {padding!r} for {what}: use 'valid' or 'same' (Keras), or pixels per side "
        "p or (p_rows, p_cols) (PyTorch, the same on both sides of an axis)."
    )


def _pair_or_none(value: object, name: str, minimum: int) -> tuple[int, int] | None:
    if value is None:
        return None
    if isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:
        return (check_count(name, value[0], minimum), check_count(name, value[1], minimum))
    if isinstance(value, Sequence) and not isinstance(value, str):
        raise ValueError(f"{name.capitalize()} must be a whole number or (rows, cols); got {value!r}.")
    n = check_count(name, value, minimum)
    return (n, n)


def plan_transpose(
    input_hw: tuple[int, int],
    kernel_hw: tuple[int, int],
    *,
    stride: int | tuple[int, int] = 1,
    padding: str | int | Sequence[int] = "valid",
    output_padding: int | tuple[int, int] | None = None,
    dilation: int | tuple[int, int] = 1,
) -> TransposePlan:
    """Check a transposed convolution's settings and work out both axes (raises ValueError)."""
    sh, sw = pair(stride, "stride")
    dh, dw = pair(dilation, "dilation")
    pr, pc = _split_simple_padding(padding, "a transposed convolution")
    ops = _pair_or_none(output_padding, "output padding", 0)
    opr, opc = ops if ops is not None else (None, None)
    rows = plan_transpose_axis(input_hw[0], kernel_hw[0], stride=sh, padding=pr, output_padding=opr, dilation=dh, axis_name="rows")
    cols = plan_transpose_axis(input_hw[1], kernel_hw[1], stride=sw, padding=pc, output_padding=opc, dilation=dw, axis_name="columns")
    return TransposePlan(rows, cols)


# -- pooling ------------------------------------------------------------------------------------
# Windows are placed as a convolution's are (so an AxisPlan describes them), but padding never
# wins a max, and Keras' average divides by the real pixels only. Keras' 'valid'/'same' follow
# keras/src/ops/operation_utils.py (compute_pooling_output_shape); PyTorch's int padding, ceil_mode
# and its refusals follow torch.nn.MaxPool2d / AvgPool2d (pooling_output_shape, pool2d_shape_check).


@dataclass(frozen=True)
class PoolAxisPlan(AxisPlan):
    """One axis of a pooling layer: a convolution's windows, plus PyTorch's ``ceil_mode``.

    With ``ceil_mode`` a last window may hang past the padding; the cells past the padding are
    not read (and not counted in an average).
    """

    ceil_mode: bool = False

    @property
    def output(self) -> int:
        span = self.padded - self.effective_kernel
        if not self.ceil_mode:
            return span // self.stride + 1
        out = -(-span // self.stride) + 1
        if (out - 1) * self.stride >= self.size + self.before:  # would start in the right padding
            out -= 1
        return out

    @property
    def is_keras(self) -> bool:
        return isinstance(self.padding, str)

    def formula_lines(self, i_name: str = "i") -> list[str]:
        if not self.ceil_mode:
            return super().formula_lines(i_name)
        n, k, s, d, p = self.size, self.kernel, self.stride, self.dilation, self.before
        k_eff = self.effective_kernel
        lines = []
        k_sym = "k"
        if d > 1:
            lines.append(f"k̂ = d·(k − 1) + 1 = {d}·({k} − 1) + 1 = {k_eff}")
            k_sym = "k̂"
        ceil = -(-(n + 2 * p - k_eff) // s) + 1
        lines.append(f"o = ⌈({i_name} + 2p − {k_sym}) / s⌉ + 1 = ⌈({n} + 2·{p} − {k_eff}) / {s}⌉ + 1 = {ceil}")
        if ceil != self.output:
            lines.append(
                f"the last window would start at (o − 1)·s = {(ceil - 1) * s} ≥ {i_name} + p = {n + p}, "
                f"in the right padding, so ceil_mode drops it: o = {self.output}"
            )
        return lines


@dataclass(frozen=True)
class PoolPlan:
    """Both axes of a pooling layer, checked."""

    rows: PoolAxisPlan
    cols: PoolAxisPlan

    @property
    def output_shape(self) -> tuple[int, int]:
        return (self.rows.output, self.cols.output)


def plan_pool_axis(
    n: int,
    k: int,
    *,
    stride: int | None = None,
    padding: str | int = 0,
    ceil_mode: bool = False,
    dilation: int = 1,
    axis_name: str = "",
) -> PoolAxisPlan:
    """Work out one axis of a pooling layer (``stride`` defaults to the pool size); raise
    ValueError for what Keras or PyTorch refuse."""
    n = check_count("input size", n)
    k = check_count("pool size", k)
    stride = k if stride is None else check_count("stride", stride)
    dilation = check_count("dilation", dilation)
    where = f" along the {axis_name}" if axis_name else ""
    if isinstance(padding, str):
        name = padding.lower()
        if name not in KERAS_PADDING_NAMES:
            raise ValueError(
                f"A pooling layer's padding is {_quoted(KERAS_PADDING_NAMES)} (Keras) or pixels per side, "
                f"p or (p_rows, p_cols) (PyTorch); got {padding!r}."
            )
        if dilation != 1:
            raise ValueError(
                "Dilation is PyTorch's (MaxPool2d): Keras' pooling has none, so give the padding in pixels to dilate the window."
            )
        if ceil_mode:
            raise ValueError(
                f"ceil_mode is PyTorch's: Keras' {name!r} always rounds down or pads; give the padding in pixels "
                "(e.g. 0) to use it."
            )
        before, after = resolve_padding(n, k, stride=stride, padding=name)
        padding = name
    else:
        p = check_count("padding", padding, minimum=0)
        if p > k // 2:
            raise ValueError(
                f"Padding can be at most half the pool size in PyTorch's pooling{where}: "
                f"⌊{k} / 2⌋ = {k // 2}, but got {p}."
            )
        before, after, padding = p, p, p
    plan = PoolAxisPlan(n, k, stride, dilation, padding, before, after, bool(ceil_mode))
    # (With ceil_mode PyTorch keeps a window up to s − 1 cells longer than the padded input.)
    if plan.output < 1 or (not ceil_mode and plan.effective_kernel > plan.padded):
        dilated = f" (a {k}-pixel window dilated by {dilation})" if dilation > 1 else ""
        raise ValueError(
            f"The pool window does not fit{where}: it spans {plan.effective_kernel} pixels{dilated} "
            f"but the padded input has only {plan.padded} ({n} + {before} + {after}). Use a smaller pool size"
            + (", or 'same' padding." if isinstance(padding, str) else " or more padding.")
        )
    return plan


def pool_output_length(
    n: int,
    k: int,
    *,
    stride: int | None = None,
    padding: str | int = 0,
    ceil_mode: bool = False,
    dilation: int = 1,
) -> int:
    """Output length of a pooling layer on one axis (``stride`` defaults to the pool size).

    Keras 'valid': ``⌊(n − k) / s⌋ + 1``; 'same': ``⌈n / s⌉``. PyTorch (``padding`` an int):
    ``⌊(n + 2p − k̂) / s⌋ + 1``, or with ``ceil_mode`` ``⌈…⌉ + 1`` less a last window that
    would start in the right padding.
    """
    return plan_pool_axis(n, k, stride=stride, padding=padding, ceil_mode=ceil_mode, dilation=dilation).output


def plan_pool(
    input_hw: tuple[int, int],
    pool_size: int | tuple[int, int],
    *,
    strides: int | tuple[int, int] | None = None,
    padding: str | int | Sequence[int] = 0,
    ceil_mode: bool = False,
    dilation: int | tuple[int, int] = 1,
) -> PoolPlan:
    """Check a pooling layer's settings and work out both axes (raises ValueError)."""
    kh, kw = pair(pool_size, "pool size")
    sh, sw = (kh, kw) if strides is None else pair(strides, "stride")
    dh, dw = pair(dilation, "dilation")
    pr, pc = _split_simple_padding(padding, "a pooling layer")
    rows = plan_pool_axis(input_hw[0], kh, stride=sh, padding=pr, ceil_mode=ceil_mode, dilation=dh, axis_name="rows")
    cols = plan_pool_axis(input_hw[1], kw, stride=sw, padding=pc, ceil_mode=ceil_mode, dilation=dw, axis_name="columns")
    return PoolPlan(rows, cols)
