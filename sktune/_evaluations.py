"""One batch of evaluations at a time, and the ``cv_results_`` they add up to.

:class:`Evaluations` is the only path from a search to scikit-learn's
``evaluate_candidates``. Around each batch it keeps the time budget, replays or saves
the checkpoint, reports progress and calls the callbacks, and it records the batches
whose every fit failed (scikit-learn raises on them) so that they can be put back
into ``cv_results_``. It also formats the results: the rows of each batch as it
comes, and all rows once, when the search ends.
"""

from __future__ import annotations

import contextlib
import math
import time
import warnings
from functools import partial

import numpy as np
from joblib import effective_n_jobs
from scipy.optimize import OptimizeResult
from sklearn.exceptions import FitFailedWarning

from ._cv_results import prepend_rows
from ._sklearn_compat import (all_fits_failed_error, is_all_fits_failed,
                              is_non_finite_scores_warning, n_failed_fits)
from .checkpoint import encode_params


# Seconds below which a candidate counts as quick (see Evaluations._fit_batch).
QUICK_CANDIDATE = 0.1

# With several workers, a batch goes to scikit-learn in parts of at least this many
# fits per worker (so that workers waiting at the end of a part cost little) and
# about this many seconds (so that an interruption loses little).
FITS_PER_WORKER = 16
PART_SECONDS = 30.0

# Fitted attributes of the search that Evaluations keeps at the best so far while
# the search runs (BaseSearchCV.fit sets their final values).
RUNNING_BEST = ("best_score_", "best_params_")


class StopSearch(Exception):
    """Ends the search early and cleanly (time budget, a callback)."""


def metric_key(names, refit) -> str:
    """The ``cv_results_`` column of the optimised metric among ``mean_test_<name>``."""
    if len(names) > 1:
        return f"mean_test_{refit if isinstance(refit, str) else names[0]}"
    return f"mean_test_{names[0]}"


def on_largest_resource(resources) -> np.ndarray:
    """Which evaluations used the largest resource: only their scores are comparable.

    ``resources`` holds each evaluation's resource (``cv_results_["n_resources"]`` of
    a halving search, or the costs :class:`Evaluations` records).
    """
    resources = np.asarray(resources)
    return resources == resources.max() if len(resources) else np.zeros(0, bool)


def best_comparable_row(scores, resources=None) -> int:
    """The row of the best score among those on the largest resource (all rows
    when there is no resource); the first such row when every score failed."""
    scores = np.asarray(scores, dtype=float)
    rows = np.flatnonzero(on_largest_resource(resources)) if resources is not None else np.arange(len(scores))
    if np.isnan(scores[rows]).all():
        return int(rows[0])
    return int(rows[np.nanargmax(scores[rows])])


def _json_number(value):
    """A numpy scalar as the plain Python number JSON takes."""
    return value.item() if hasattr(value, "item") else value


def _extras(more_results, n) -> list:
    """One dict per candidate of its extra ``cv_results_`` values (``n_resources``...)."""
    return [{key: _json_number(values[i]) for key, values in (more_results or {}).items()}
            for i in range(n)]


def _part(more_results, part: slice):
    """The ``more_results`` columns (or None) cut to the candidates in ``part``."""
    return None if more_results is None else {k: list(v)[part] for k, v in more_results.items()}


class Evaluations:
    """Runs batches through ``evaluate_candidates`` and returns their losses, ``-score``.

    The score is the ``refit`` metric for multi-metric scoring (the first metric when
    ``refit`` is a callable or False), and the single score otherwise. Around each
    batch it keeps the time budget, saves the checkpoint, reports progress and calls
    the constructor's callbacks, and keeps the search's ``best_score_`` and
    ``best_params_`` at the best so far. A batch whose every fit failed is recorded here
    (scikit-learn raises instead of returning it) and reads as NaN losses. Batches
    found in a checkpoint are replayed from it instead of being fitted.
    """

    def __init__(self, search, evaluate_candidates, *, max_time=None, callbacks=(),
                 progress=None, checkpoint=None, categories=None, callback_ctx=None):
        self._search = search
        self._evaluate = evaluate_candidates
        self._callback_ctx = callback_ctx
        self._key = None
        self._reports_best = False
        self._start = time.monotonic()
        self._deadline = None if max_time is None else self._start + max_time
        self._callbacks = list(callbacks)
        self._progress = progress
        self._checkpoint = checkpoint
        self._categories = categories or {}
        self._replay = list(checkpoint.rows) if checkpoint is not None else []
        self._pace = []  # seconds per candidate and unit of cost, latest parts
        self._last_replay = None  # the last batch replayed from the checkpoint
        self._last_good_replay = None  # the last one with a candidate that did not fail
        self.seed = checkpoint.seed if checkpoint is not None else search.random_state
        self.n_done = 0
        self.n_fitted = 0
        self.failed = []
        self.replayed = []
        self.params = []
        self.scores = []
        self.costs = []  # each evaluation's cost (its resource, in the halving searches)
        self.stop_reason = None
        self.subspace_stopped = False  # a fit() callback ended one subspace early
        self.space_exhausted = False  # a finite space ran out before its budget
        self._last_error = None  # of the last batch whose every fit failed
        self._last_failures = None  # scikit-learn's account of the last failed fits
        self._n_failed_fits = 0  # in fitted batches
        self._replayed_failed = {}  # failed fits of each replayed candidate, by position
        self._n_formatted = 0  # candidates scikit-learn had passed to the last format
        self._format_all = None  # formats every row so far (see format_results)
        self._latest_results = None  # the dict scikit-learn holds as its results

    # -- one batch ----------------------------------------------------------------------

    def losses(self, candidates: list, cv=None, more_results=None, cost=1.0) -> np.ndarray:
        """Cross-validate ``candidates`` (on ``cv``'s splits, if given) and return ``-score``.

        ``more_results`` maps extra ``cv_results_`` columns to one value per candidate;
        ``cost`` is the relative cost of one candidate (its resource), for the time
        budget. Near the deadline only the candidates expected to finish in time are
        evaluated, so fewer losses than candidates may come back.
        """
        if self.stop_reason is not None:
            raise StopSearch(self.stop_reason)
        candidates = list(candidates)
        extras = _extras(more_results, len(candidates))
        replayed = self._replayed_losses(candidates, extras, cv, more_results)
        if len(replayed):
            self._record(candidates[: len(replayed)], replayed, cost)
            if len(replayed) == len(candidates):
                self._after_batch()
                return replayed
            # the checkpoint holds the first of this batch: fit the rest
            rest = slice(len(replayed), len(candidates))
            candidates, extras, more_results = candidates[rest], extras[rest], _part(more_results, rest)
        losses = self._fit_batch(candidates, cv, more_results, extras, cost)
        if len(replayed):
            losses = np.concatenate([replayed, losses])
        self._after_batch()
        return losses

    def _record(self, candidates, losses, cost) -> None:
        self.params.extend(candidates)
        self.scores.extend((-np.asarray(losses, dtype=float)).tolist())
        self.costs.extend([cost] * len(candidates))

    def _fit_batch(self, candidates, cv, more_results, extras, cost) -> np.ndarray:
        """Fit a batch and save it to the checkpoint.

        With one worker the candidates go to scikit-learn one at a time, which costs
        no parallelism, so that an interruption keeps every candidate that finished.
        Once one takes under ``QUICK_CANDIDATE`` seconds, the rest of the batch goes
        in one call: each call splits the data again and starts its workers (11 ms
        for a stratified 5-fold split of 100,000 rows), a large share of such
        candidates' time, and little is lost if they are interrupted.
        With several workers, a part gives each worker ``FITS_PER_WORKER`` fits, and
        parts grow to about ``PART_SECONDS`` once their pace is known: a batch as
        large as a rung of a halving search then loses only its part in flight, and
        the workers wait for one another only at the end of a part. Each part is
        recorded as soon as it is done. Before each part, the batch is cut to the
        candidates expected to finish before ``max_time``'s deadline; StopSearch
        when none of its first part is.
        """
        workers = effective_n_jobs(self._search.n_jobs)
        step = smallest = 1
        if workers > 1:
            n_splits = self._n_splits(cv)
            step = workers // math.gcd(workers, n_splits)  # parts of whole rounds of fits
            smallest = step * math.ceil(FITS_PER_WORKER * workers / n_splits / step)
        size = smallest
        losses = []
        while len(losses) < len(candidates):
            n_in_time = self._n_in_time(len(candidates) - len(losses), cost)
            if n_in_time == 0:
                self.stop_reason = "max_time"
                if not losses:
                    raise StopSearch("max_time")
                break
            candidates = candidates[: len(losses) + n_in_time]
            part = slice(len(losses), min(len(losses) + size, len(candidates)))
            started = time.monotonic()
            more = _part(more_results, part)
            part_losses, rows = self._fit(candidates[part], cv, more, extras[part])
            seconds = (time.monotonic() - started) / len(part_losses)
            self._pace = (self._pace + [seconds / cost])[-3:]
            if np.isfinite(part_losses).any():  # a fast failure says nothing
                if workers > 1:
                    size = max(smallest, step * int(PART_SECONDS / max(seconds, 1e-9) / step))
                elif seconds < QUICK_CANDIDATE:
                    size = len(candidates)
            self._record(candidates[part], part_losses, cost)
            losses.extend(part_losses)
            if self._checkpoint is not None:
                self._checkpoint.append(rows)
            if len(losses) < len(candidates) and self._progress is not None:
                self._show_progress(self._best_row(), within_batch=True)
        return np.asarray(losses, dtype=float)

    def _fit(self, candidates, cv, more_results, extras):
        encoded = [None] * len(candidates)
        if self._checkpoint is not None:
            encoded = [encode_params(c, self._categories) for c in candidates]
        try:
            with self._failures_counted():
                results = self._evaluate_with_callbacks(candidates, cv, more_results)
        except ValueError as exc:
            if not is_all_fits_failed(exc):
                raise
            self.failed.extend((self.n_done + i, c, e) for i, (c, e) in enumerate(zip(candidates, extras)))
            self.n_done += len(candidates)
            self.n_fitted += len(candidates)
            self._last_error = exc
            self._last_failures = str(exc)
            self._n_failed_fits += n_failed_fits(exc)
            rows = [dict(params=p, extras=e, failed=True) for p, e in zip(encoded, extras)]
            return np.full(len(candidates), np.nan), rows
        self.n_done += len(candidates)
        self.n_fitted += len(candidates)
        if self._key is None:
            names = [k[len("mean_test_") :] for k in results if k.startswith("mean_test_")]
            if len(names) > 1:
                self._search._check_refit_for_multimetric(names)
            self._set_metric(names)
        n = len(candidates)
        rows = []
        if self._checkpoint is not None:
            columns = [k for k in results if not k.startswith(("param", "rank_"))]
            rows = [
                dict(params=p, extras=e, failed=False,
                     values={k: _json_number(np.asarray(results[k])[i - n]) for k in columns})
                for i, (p, e) in enumerate(zip(encoded, extras))
            ]
        return -np.asarray(results[self._key][-n:], dtype=float), rows

    @contextlib.contextmanager
    def _failures_counted(self):
        """Count the fits of a batch that failed instead of letting scikit-learn warn.

        scikit-learn warns after each batch in which some fits failed, and again about
        the NaN scores when it formats the batch's rows; over a search that is a
        warning per batch. :meth:`finish` gives one for the whole search, as
        ``GridSearchCV`` does, and the final formatting of every row warns about NaN
        scores once. Other warnings (a fit's, with one worker) are shown as they were.
        """
        caught = []
        try:
            with warnings.catch_warnings(record=True) as caught:
                yield
        finally:
            for w in caught:
                failed = n_failed_fits(w.message) if issubclass(w.category, FitFailedWarning) else 0
                if failed:
                    self._n_failed_fits += failed
                    self._last_failures = str(w.message)
                elif not is_non_finite_scores_warning(w.message):
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno, w.file, w.line)

    def _n_splits(self, cv) -> int:
        """Folds per candidate: of ``cv`` if given, else of the search's own splitter."""
        return cv.get_n_splits() if cv is not None else self._search._n_splits()

    def _evaluate_with_callbacks(self, candidates, cv, more_results):
        """``evaluate_candidates`` on ``candidates``; with scikit-learn's callbacks,
        as one task of the search holding a task per candidate and split."""
        if self._callback_ctx is None:
            return self._evaluate(candidates, cv=cv, more_results=more_results)
        n_splits = self._n_splits(cv)
        batch_ctx = self._callback_ctx.subcontext(
            task_name="batch", max_subtasks=len(candidates) * n_splits, sequential_subtasks=False
        )
        batch_ctx.call_on_fit_task_begin(estimator=self._search)
        results = self._evaluate(candidates, cv=cv, more_results=more_results, callback_ctx=batch_ctx)
        batch_ctx.call_on_fit_task_end(estimator=self._search)
        return results

    def _set_metric(self, names) -> None:
        """Read the optimised metric, and whether ``fit`` will report a best score,
        from the scorer names of the first results."""
        self._key = metric_key(names, self._search.refit)
        refit = self._search.refit
        # as BaseSearchCV.fit sets best_score_ at its end
        self._reports_best = not callable(refit) and (bool(refit) or len(names) == 1)

    def _replayed_losses(self, candidates, extras, cv, more_results) -> np.ndarray:
        """The checkpoint's losses for the first of ``candidates``: for all of them if it
        holds exactly these next, for as many as it has left if these are the first of
        this batch (its run stopped inside the batch), else for none."""
        if not self._replay:
            return np.empty(0)
        saved = self._replay[: len(candidates)]
        same = (len(saved) == len(candidates) or len(saved) == len(self._replay)) and all(
            row["params"] == encode_params(c, self._categories) and row["extras"] == e
            for row, c, e in zip(saved, candidates, extras)
        )
        if not same:
            warnings.warn(
                f"The checkpoint {self._checkpoint.path!r} stops matching this search after "
                f"{self.n_done} evaluation{'s' * (self.n_done != 1)}; its other "
                f"{len(self._replay)} evaluation{'s are' if len(self._replay) != 1 else ' is'} "
                "not reused (was the random_state, n_points or population_size changed?).",
                UserWarning,
            )
            self._checkpoint.truncate(len(self._checkpoint.rows) - len(self._replay))
            self._replay = []
            return np.empty(0)
        n = len(saved)
        del self._replay[:n]
        batch = (candidates[:n], cv, _part(more_results, slice(n)), self.n_done, len(self.replayed))
        self._last_replay = batch
        if not all(row["failed"] for row in saved):
            self._last_good_replay = batch
        losses = np.full(n, np.nan)
        n_splits = self._n_splits(cv)
        for i, (row, c, e) in enumerate(zip(saved, candidates, extras)):
            if row["failed"]:
                self.failed.append((self.n_done + i, c, e))
                self._replayed_failed[self.n_done + i] = n_splits
                continue
            values = row["values"]
            if self._key is None:
                self._set_metric([k[len("mean_test_") :] for k in values if k.startswith("mean_test_")])
            self._replayed_failed[self.n_done + i] = self._failed_splits(values, n_splits)
            self.replayed.append((c, values))
            score = values[self._key]
            losses[i] = np.nan if score is None else -float(score)
        self.n_done += n
        return losses

    def _failed_splits(self, values: dict, n_splits: int) -> int:
        """How many of a replayed candidate's fits failed: its splits scored
        ``error_score`` (the checkpoint keeps no other record of them)."""
        error_score = self._search.error_score
        if isinstance(error_score, str):  # 'raise': no failure was kept
            return 0
        split = self._key.replace("mean_test_", "split{}_test_")
        scores = [values.get(split.format(k)) for k in range(n_splits)]
        scores = [np.nan if v is None else float(v) for v in scores]
        if np.isnan(error_score):
            return int(np.isnan(scores).sum())
        return sum(v == error_score for v in scores)

    def _n_in_time(self, n: int, cost: float) -> int:
        """How many of ``n`` candidates of ``cost`` the time left is expected to fit,
        at the slowest of the latest paces (all of them before any pace is known,
        and in the first batch, which starts even after the deadline: a search
        has at least one result)."""
        if self._deadline is None or self.n_done == 0:
            return n
        left = self._deadline - time.monotonic()
        if left <= 0:
            return 0
        if not self._pace:
            return n
        return min(n, int(left / (max(self._pace) * cost)))

    def note(self, text: str) -> None:
        """Show ``text`` among the progress lines, when the search reports progress."""
        if self._progress is not None:
            self._progress.note(text)

    @property
    def elapsed(self) -> float:
        """Seconds since the search started."""
        return time.monotonic() - self._start

    def _best_row(self) -> int | None:
        """Row of the best score so far, judged among the evaluations on the largest
        resource so far; None before any score."""
        scores = np.asarray(self.scores, dtype=float)
        comparable = np.where(on_largest_resource(self.costs), scores, np.nan)
        return int(np.nanargmax(comparable)) if np.isfinite(comparable).any() else None

    def _show_progress(self, best, within_batch=False) -> None:
        """Update the progress line or bar, if the search reports progress."""
        if self._progress is not None:
            self._progress.update(self.n_done, None if best is None else float(self.scores[best]),
                                  cost_done=sum(self.costs), within_batch=within_batch)

    def _after_batch(self):
        best = self._best_row()
        if best is not None and self._reports_best:
            # RUNNING_BEST: readable from a callback, as scikit-optimize's examples read it
            self._search.best_score_ = float(self.scores[best])
            self._search.best_params_ = dict(self.params[best])
        self._show_progress(best)
        if self._callbacks:
            scores = np.asarray(self.scores, dtype=float)
            result = OptimizeResult(
                params=list(self.params), scores=scores, func_vals=-scores,
                best_score=None if best is None else float(scores[best]),
                best_params=None if best is None else self.params[best],
                x=None if best is None else self.params[best],
                fun=np.nan if best is None else float(-scores[best]),
                n_evaluations=self.n_done, elapsed=self.elapsed,
            )
            if any(cb(result) for cb in self._callbacks):
                self.stop_reason = "callback"

    # -- cv_results_ ----------------------------------------------------------------------

    def format_results(self, format_rows, candidate_params, n_splits, out, more_results):
        """The results ``evaluate_candidates`` returns: the latest batch's rows only.

        scikit-learn formats every row so far after each batch, which grows with the
        search (quadratic in all); the search reads only the latest rows. The
        arguments are scikit-learn's own lists, which keep growing, so that
        :meth:`complete_results` formats every row once at the end. ``format_rows``
        is scikit-learn's ``_format_results``.
        """
        n_new = len(candidate_params) - self._n_formatted
        self._n_formatted = len(candidate_params)
        self._format_all = partial(format_rows, candidate_params, n_splits, out, more_results)
        latest = {key: values[-n_new:] for key, values in (more_results or {}).items()}
        self._latest_results = format_rows(
            candidate_params[-n_new:], n_splits, out[-n_new * n_splits:], latest
        )
        return self._latest_results

    def results(self) -> dict:
        """Every row so far, as ``cv_results_`` holds them (once complete_results ran)."""
        return self._latest_results

    def complete_results(self) -> None:
        """Fill the results scikit-learn holds (the dict the last batch returned) with
        every row, the checkpoint's replayed rows first."""
        if self._latest_results is None:
            return
        results = self._format_all()
        if self.replayed:
            results = prepend_rows(self.replayed, results)
        self._latest_results.clear()
        self._latest_results.update(results)

    # -- the end ------------------------------------------------------------------------

    def finish(self):
        """Make sure scikit-learn has results to report, then raise if nothing worked.

        A search resumed from a checkpoint that already holds all its evaluations
        fits one replayed batch again, since scikit-learn's ``fit`` needs one real
        evaluation that succeeds: the last batch with a candidate that did not fail
        (the batches after it failed whole, and hold no rows), or, if every batch
        failed, the last one, to raise its error.
        """
        if self.n_fitted == 0 and self._last_replay is not None:
            self._fit_again(self._last_good_replay or self._last_replay)
        if self._last_error is not None and len(self.failed) == self.n_done:
            n_fits = self._n_failed_fits + sum(self._replayed_failed.values())
            raise all_fits_failed_error(self._last_error, n_fits) from None
        if self._n_failed_fits or any(self._replayed_failed.values()):
            self._warn_failed()

    def _fit_again(self, batch) -> None:
        """Fit a replayed batch again, in its place among the evaluations."""
        candidates, cv, more_results, n_before, n_replayed = batch
        n_after = n_before + len(candidates)
        del self.replayed[n_replayed:]  # its rows (later batches failed whole)
        self.failed = [f for f in self.failed if not n_before <= f[0] < n_after]
        for position in range(n_before, n_after):
            self._replayed_failed.pop(position, None)
        n_done, self.n_done = self.n_done, n_before
        self._fit(candidates, cv, more_results, _extras(more_results, len(candidates)))
        self.n_done = n_done

    def _warn_failed(self):
        """One warning for the fits that failed, as ``GridSearchCV`` gives.

        Fits replayed from a checkpoint count by their splits' ``error_score``.
        """
        n_splits = self._n_splits(None)
        failed = self._n_failed_fits + sum(self._replayed_failed.values())
        details = ""
        if self._last_failures is not None:
            details = "\nThe last of them:" + self._last_failures.partition(
                "Below are more details about the failures:")[2].rstrip()
        warnings.warn(
            f"{failed} fit{'s' * (failed != 1)} failed out of a total of "
            f"{self.n_done * n_splits}; their score is error_score={self._search.error_score!r}. "
            "If these failures are not expected, set error_score='raise' to debug them." + details,
            FitFailedWarning,
        )
