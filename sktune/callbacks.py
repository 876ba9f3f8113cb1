"""Ready-made callbacks: stoppers (a deadline, no improvement, a target score, the
search settling on one point), a printer, a timer, and a saver of the progress.

A callback is any callable that takes the search's progress, a
:class:`scipy.optimize.OptimizeResult`, and returns True to stop. Searches call the
ones given as ``callbacks=`` in their constructor after every batch with the whole
search so far (``scores``, ``best_score``, ``best_params``, ``params``,
``n_evaluations``, ``elapsed``, and scikit-optimize's ``func_vals``, the negated
scores). The ones given to ``fit(callback=...)`` get scikit-optimize's per-subspace
result; the stoppers here read only ``func_vals``, so they work in both places.
"""

from __future__ import annotations

import numbers
import os
import time
import warnings

import joblib
import numpy as np

from .checkpoint import replacing
from .dimensions import is_integer, same_value

__all__ = [
    "CheckpointSaver",
    "DeadlineStopper",
    "DeltaXStopper",
    "DeltaYStopper",
    "EarlyStopper",
    "HollowIterationsStopper",
    "NoImprovementStopper",
    "ScoreThresholdStopper",
    "ThresholdStopper",
    "TimerCallback",
    "VerboseCallback",
]


def _check_number(name, value):
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        raise ValueError(f"{name} must be a number. Got {value!r} instead.")


def _check_positive(name, value, allow_zero=False):
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and (
        value >= 0 if allow_zero else value > 0
    )
    if not ok:
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a number {bound}. Got {value!r} instead.")


def _scores(result) -> np.ndarray:
    return -np.asarray(result.func_vals, dtype=float)


class DeadlineStopper:
    """Stop once ``total_time`` seconds have passed since the search started.

    This checks between batches only; for a hard budget that also trims the last
    batch, use the searches' ``max_time``.

    Parameters
    ----------
    total_time : float
        Seconds.
    """

    def __init__(self, total_time):
        _check_positive("total_time", total_time)
        self.total_time = total_time
        self._start = None

    def __call__(self, result) -> bool:
        elapsed = result.get("elapsed")
        if elapsed is None:
            if self._start is None:
                self._start = time.monotonic()
            elapsed = time.monotonic() - self._start
        return elapsed >= self.total_time


class NoImprovementStopper:
    """Stop when the best score has not improved by more than ``tol`` lately.

    Parameters
    ----------
    n_evaluations : int, default=20
        How many of the latest evaluations must bring no improvement.
    tol : float, default=0.0
        Smallest gain that counts as an improvement.

    Examples
    --------
    >>> from scipy.optimize import OptimizeResult
    >>> stop = NoImprovementStopper(n_evaluations=3, tol=0.01)
    >>> stop(OptimizeResult(func_vals=[-0.80, -0.90, -0.905, -0.901]))
    False
    >>> stop(OptimizeResult(func_vals=[-0.80, -0.90, -0.905, -0.901, -0.902]))
    True
    """

    def __init__(self, n_evaluations=20, tol=0.0):
        if not isinstance(n_evaluations, numbers.Integral) or n_evaluations < 1:
            raise ValueError(
                f"n_evaluations must be an integer >= 1. Got {n_evaluations!r} instead."
            )
        _check_positive("tol", tol, allow_zero=True)
        self.n_evaluations = n_evaluations
        self.tol = tol

    def __call__(self, result) -> bool:
        scores = np.nan_to_num(_scores(result), nan=-np.inf)
        if len(scores) <= self.n_evaluations:
            return False
        before = scores[: -self.n_evaluations].max()
        return bool(scores.max() <= before + self.tol)


class DeltaYStopper:
    """Stop when the ``n_best`` best scores lie within ``delta`` of one another.

    scikit-optimize's stopper of the same name and arguments: the search has found
    several configurations about as good as its best, so the top of the ranking is
    flat. Failed evaluations do not count.

    Parameters
    ----------
    delta : float
        Largest spread of the ``n_best`` best scores that stops the search.
    n_best : int, default=5
        How many of the best scores are compared.

    Examples
    --------
    >>> from scipy.optimize import OptimizeResult
    >>> stop = DeltaYStopper(0.01, n_best=3)
    >>> stop(OptimizeResult(func_vals=[-0.80, -0.90, -0.905, -0.85]))
    False
    >>> stop(OptimizeResult(func_vals=[-0.80, -0.90, -0.905, -0.85, -0.899]))
    True
    """

    def __init__(self, delta, n_best=5):
        _check_positive("delta", delta)
        if not isinstance(n_best, numbers.Integral) or n_best < 2:
            raise ValueError(f"n_best must be an integer >= 2. Got {n_best!r} instead.")
        self.delta = delta
        self.n_best = n_best

    def __call__(self, result) -> bool:
        scores = _scores(result)
        best = np.sort(scores[np.isfinite(scores)])[::-1][: self.n_best]
        return bool(len(best) == self.n_best and best[0] - best[-1] < self.delta)


class EarlyStopper:
    """Base of a stopper written as for scikit-optimize: define ``_criterion``.

    ``_criterion(result)`` returns True to stop the search; ``None`` or False lets
    it go on. A stopper subclassed from scikit-optimize's ``EarlyStopper`` works
    unchanged with this base.

    Examples
    --------
    >>> from scipy.optimize import OptimizeResult
    >>> class TenEvaluations(EarlyStopper):
    ...     def _criterion(self, result):
    ...         return len(result.func_vals) >= 10
    >>> TenEvaluations()(OptimizeResult(func_vals=[-0.8] * 10))
    True
    """

    def __call__(self, result) -> bool:
        return bool(self._criterion(result))

    def _criterion(self, result):
        raise NotImplementedError(
            f"{type(self).__name__} must define _criterion(result), which returns True "
            "to stop the search."
        )


class DeltaXStopper(EarlyStopper):
    """Stop when the last two configurations evaluated lie within ``delta`` of each other.

    scikit-optimize's stopper of the same name and argument: the optimizer has
    settled on one region. The distance is scikit-optimize's: the sum over
    parameters of the absolute difference of two numbers, and of 1 for two
    different values of any other kind (a category, a feature subset, a parameter
    set in one configuration and switched off in the other).

    Parameters
    ----------
    delta : float
        Distance below which the search stops.

    Examples
    --------
    >>> from scipy.optimize import OptimizeResult
    >>> stop = DeltaXStopper(0.01)
    >>> stop(OptimizeResult(x_iters=[[0.5, "rbf"], [0.3, "rbf"]], func_vals=[-0.8, -0.9]))
    False
    >>> stop(OptimizeResult(x_iters=[[0.3, "rbf"], [0.305, "rbf"]], func_vals=[-0.9, -0.9]))
    True
    """

    def __init__(self, delta):
        _check_positive("delta", delta)
        self.delta = delta

    def _criterion(self, result) -> bool:
        # fit(callback=...) gets scikit-optimize's x_iters; the constructor's
        # callbacks get the whole search's parameter dicts
        points = result["x_iters"] if "x_iters" in result else result.get("params", [])
        if len(points) < 2:
            return False
        return _distance(points[-2], points[-1]) < self.delta


_ABSENT = object()  # a parameter a configuration switches off


def _distance(a, b) -> float:
    """scikit-optimize's distance between two configurations (lists or dicts)."""
    if isinstance(a, dict):
        names = list(a) + [name for name in b if name not in a]
        pairs = [(a.get(name, _ABSENT), b.get(name, _ABSENT)) for name in names]
    else:
        pairs = zip(a, b)
    return float(sum(_value_distance(u, v) for u, v in pairs))


def _value_distance(u, v) -> float:
    if all(isinstance(w, numbers.Real) and not isinstance(w, bool) for w in (u, v)):
        return abs(float(u) - float(v))
    return 0.0 if same_value(u, v) else 1.0


class ScoreThresholdStopper:
    """Stop as soon as a configuration scores at least ``score``.

    Parameters
    ----------
    score : float
        The target, in the search's scoring (greater is better).
    """

    def __init__(self, score):
        _check_number("score", score)
        self.score = score

    def __call__(self, result) -> bool:
        scores = _scores(result)
        return bool(np.isfinite(scores).any() and np.nanmax(scores) >= self.score)


class HollowIterationsStopper(NoImprovementStopper):
    """scikit-optimize's name and arguments for :class:`NoImprovementStopper`.

    Stops when the last ``n_iterations`` evaluations improved the best by no more
    than ``threshold``.

    Parameters
    ----------
    n_iterations : int
        How many of the latest evaluations must bring no improvement.
    threshold : float, default=0
        Smallest gain that counts as an improvement; its sign is ignored, as in
        scikit-optimize.
    """

    def __init__(self, n_iterations, threshold=0):
        _check_number("threshold", threshold)
        super().__init__(n_evaluations=n_iterations, tol=abs(threshold))
        self.n_iterations = n_iterations
        self.threshold = abs(threshold)


class ThresholdStopper(ScoreThresholdStopper):
    """scikit-optimize's stopper on a target loss: stop once ``func_vals`` reach ``threshold``.

    The searches minimise minus the score, so this is
    :class:`ScoreThresholdStopper` with ``score=-threshold``: ``ThresholdStopper(-0.95)``
    stops at an accuracy of 0.95.

    Parameters
    ----------
    threshold : float
        The target, in ``func_vals`` units (minus the score).
    """

    def __init__(self, threshold):
        _check_number("threshold", threshold)
        super().__init__(score=-threshold)
        self.threshold = threshold


class VerboseCallback:
    """Print one line per evaluation: its score, the best so far, and the time it took.

    scikit-optimize's callback of the same name and arguments, so that
    ``from skopt.callbacks import VerboseCallback`` needs only the package changed.
    It never stops the search. The time of a batch is shared among its evaluations.
    (The searches' own ``verbose=1`` prints one line per batch instead.)

    Parameters
    ----------
    n_total : int
        Number of evaluations expected, shown as ``k/n_total``.
    n_init : int, default=0
        Accepted for scikit-optimize's signature: evaluations at given points.
    n_random : int, default=0
        Accepted for scikit-optimize's signature: evaluations at random points.

    Examples
    --------
    >>> from scipy.optimize import OptimizeResult
    >>> show = VerboseCallback(n_total=3)
    >>> show(OptimizeResult(func_vals=[-0.81, -0.86]))
    evaluation 1/3: score 0.81, best 0.81
    evaluation 2/3: score 0.86, best 0.86
    False
    """

    def __init__(self, n_total, n_init=0, n_random=0):
        for name, value in (("n_total", n_total), ("n_init", n_init), ("n_random", n_random)):
            if not is_integer(value) or value < 0:
                raise ValueError(f"{name} must be an integer >= 0. Got {value!r} instead.")
        self.n_total = n_total
        self.n_init = n_init
        self.n_random = n_random
        self._n_shown = 0
        self._last = None  # clock reading at the previous call

    def __call__(self, result) -> bool:
        scores = _scores(result)
        # seconds since the search started, as the searches pass them
        now = result.get("elapsed", time.monotonic())
        since = self._last
        if since is None and "elapsed" in result:
            since = 0.0
        if len(scores) < self._n_shown:  # a new subspace (fit callbacks) starts afresh
            self._n_shown = 0
        new = len(scores) - self._n_shown
        took = "" if since is None or new == 0 else f" ({(now - since) / new:.2f} s)"
        best = np.fmax.accumulate(scores)  # failures (NaN) are skipped
        for k in range(self._n_shown, len(scores)):
            print(f"evaluation {k + 1}/{self.n_total}: score {scores[k]:.4g}, best {best[k]:.4g}{took}")
        self._n_shown, self._last = len(scores), now
        return False


class TimerCallback:
    """Record the time each batch took, in ``iter_time``; never stops the search.

    scikit-optimize's callback of the same name: ``iter_time[i]`` is the time
    between call ``i`` and the one before it (the search's start for the first, or
    this object's creation when the result carries no ``elapsed``). The searches
    call it once per batch, so with ``n_points`` or a generation a time covers
    several evaluations.

    Examples
    --------
    >>> from scipy.optimize import OptimizeResult
    >>> timer = TimerCallback()
    >>> timer(OptimizeResult(func_vals=[-0.8], elapsed=1.5))
    False
    >>> timer(OptimizeResult(func_vals=[-0.8, -0.9], elapsed=4.0))
    False
    >>> timer.iter_time
    [1.5, 2.5]
    """

    def __init__(self):
        self.iter_time = []
        self._last = None  # the clock at the previous call
        self._created = time.monotonic()

    def __call__(self, result) -> bool:
        if "elapsed" in result:  # seconds since the search started
            now = result["elapsed"]
            # a clock behind the last reading is the next search's (one timer, several searches)
            since = 0.0 if self._last is None or now < self._last else self._last
        else:
            now = time.monotonic()
            since = self._created if self._last is None else self._last
        self.iter_time.append(now - since)
        self._last = now
        return False


class CheckpointSaver:
    """Save the progress passed to the callback to a file after every batch.

    scikit-optimize's callback of the same name and arguments: the file holds the
    :class:`scipy.optimize.OptimizeResult` the callback receives, written with
    :func:`joblib.dump`, so ``joblib.load`` (or ``skopt.load``) reads it back. As a
    ``fit(X, y, callback=...)`` callback that is scikit-optimize's ``x_iters`` and
    ``func_vals`` of the current subspace; as one of the constructor's
    ``callbacks``, the whole search (``params``, ``scores``, ...). Each version
    replaces the last in one rename, so an interrupted search leaves a whole file. It
    never stops the search; if the result cannot be saved (a parameter value that
    cannot be pickled, a full disk) it warns once and the search goes on.

    To resume an interrupted search, give the search ``checkpoint=`` instead: that
    file is replayed by ``fit``.

    Parameters
    ----------
    checkpoint_path : str or path-like
        The file to write.
    **dump_options
        ``compress`` and ``protocol``, passed to :func:`joblib.dump`.
        scikit-optimize's ``store_objective`` is accepted and has no effect: a
        search's result holds no objective function.

    Examples
    --------
    >>> import joblib, os, tempfile
    >>> from scipy.optimize import OptimizeResult
    >>> path = os.path.join(tempfile.mkdtemp(), "progress.pkl")
    >>> save = CheckpointSaver(path, compress=3)
    >>> save(OptimizeResult(x_iters=[[0.5]], func_vals=[-0.81]))
    False
    >>> joblib.load(path).func_vals
    [-0.81]
    """

    def __init__(self, checkpoint_path, **dump_options):
        if not isinstance(checkpoint_path, (str, os.PathLike)):
            raise ValueError(
                f"checkpoint_path must be a file path (str or path-like). Got "
                f"{checkpoint_path!r} instead."
            )
        unknown = sorted(set(dump_options) - {"compress", "protocol", "store_objective"})
        if unknown:
            raise ValueError(
                "dump_options must be among 'compress', 'protocol' and 'store_objective'. "
                f"Got {unknown} instead."
            )
        self.checkpoint_path = checkpoint_path
        self.dump_options = dump_options
        self._warned = False

    def __call__(self, result) -> bool:
        options = {k: v for k, v in self.dump_options.items() if k != "store_objective"}
        try:
            with replacing(self.checkpoint_path) as tmp:
                joblib.dump(result, tmp, **options)
        except Exception as exc:  # a checkpoint that fails must not end the search
            if not self._warned:
                warnings.warn(
                    f"CheckpointSaver could not save to {self.checkpoint_path!r} "
                    f"({type(exc).__name__}: {exc}); the search goes on without it.",
                    UserWarning,
                )
                self._warned = True
        return False
