"""Checkpoints: every finished evaluation of a search, kept in a JSON file to resume from.

The file is rewritten after each batch through a temporary file and a rename, so a
search killed at any moment leaves the previous complete version. It holds plain
JSON: numbers, strings, and for any other parameter value (an estimator, a callable)
its index among the categorical choices of its dimension. Loading never executes
code. A fingerprint of the search (class, estimator and its parameters, space, data and
fit arguments, scoring, cross-validation) guards against resuming a different search
from the same file.

Resuming replays the search with the seed stored in the file: as long as it proposes
the configurations the file holds, in order, their stored results are used instead
of fitting again; from the first configuration the file does not have, it fits.
"""

from __future__ import annotations

import json
import numbers
import os
import re
import tempfile
from contextlib import contextmanager

import joblib
import numpy as np
from sklearn.base import BaseEstimator

from ._sklearn_compat import explicit_splits
from .dimensions import Categorical, same_value

FORMAT = "sktune-checkpoint"
VERSION = 2  # 2: the fingerprint describes the estimators' parameters

# parameters that change how a fit runs, not what it gives: a search may resume
# with other values of them (on another machine, say); besides scikit-learn's, the
# thread and logging parameters of XGBoost, LightGBM and CatBoost
_RUN_ONLY_PARAMS = frozenset({
    "n_jobs", "verbose", "memory", "cache_size",
    "nthread", "num_threads", "thread_count", "verbosity", "logging_level", "silent",
})


@contextmanager
def replacing(path):
    """A temporary file's name, beside ``path``, to write; once the ``with`` block
    ends without an error it replaces ``path`` in one rename, so that ``path`` is
    always a whole version of the file. On an error it is removed."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".sktune-", dir=directory)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _native(value):
    """``value`` as a JSON scalar, or None if it is not one."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, np.str_):
        return str(value)
    raise TypeError


# " at 0x7f..." in the repr of a function or of an object without a repr of its own
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def encode_value(value, categories: list):
    """A JSON-safe, comparable encoding of one parameter value.

    Scalars stay as they are, lists and tuples of scalars become tagged lists, and any
    other object becomes its index among ``categories`` (the choices of the
    categorical dimensions of its name), or, when it is not among them (a default
    outside the space), its ``repr`` without memory addresses, which change from one
    run to the next (only ever compared, never turned back into an object).
    """
    try:
        return {"value": _native(value)}
    except TypeError:
        pass
    if isinstance(value, (list, tuple)):
        try:
            return {type(value).__name__: [_native(v) for v in value]}
        except TypeError:
            pass
    for k, category in enumerate(categories):
        if same_value(category, value):
            return {"choice": k}
    return {"repr": _ADDRESS.sub("", repr(value))}


def categories_by_name(spaces) -> dict:
    """Every categorical choice of every parameter name, over ``spaces``."""
    out = {}
    for space in spaces:
        for name in space.names:
            for dim in space.dimensions_of(name):
                if isinstance(dim, Categorical):
                    out.setdefault(name, []).extend(dim.categories)
    return out


def encode_params(params: dict, categories: dict) -> dict:
    return {name: encode_value(v, categories.get(name, [])) for name, v in sorted(params.items())}


def describe_estimator(estimator) -> dict:
    """A JSON description of ``estimator`` that changes when its class or any parameter
    that can change its results does (thread counts, logging, ``memory`` and
    ``cache_size`` are left out)."""
    out = {"class": type(estimator).__name__}
    for name, value in sorted(estimator.get_params(deep=True).items()):
        if name.rpartition("__")[2] not in _RUN_ONLY_PARAMS:
            out[name] = _describe_value(value)
    return out


def _describe_value(value):
    """A JSON value that stays the same across processes while ``value`` does."""
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return repr(float(value))  # NaN would never compare equal
    try:
        return _native(value)
    except TypeError:
        pass
    if isinstance(value, BaseEstimator):
        return type(value).__name__  # deep parameters list its own under their names
    if isinstance(value, (list, tuple)) and len(value) <= 50:  # longer ones are data
        return [_describe_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _describe_value(v) for k, v in value.items()}
    if callable(value) and hasattr(value, "__qualname__"):  # a function, by name
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    try:
        return f"{type(value).__name__} {joblib.hash(value)}"
    except Exception:  # cannot be pickled: its class is all that is known
        return type(value).__name__


def describe_space(space) -> list:
    """A JSON description of a space that changes when its dimensions do."""
    out = []
    for name in space.names:
        for dim in space.dimensions_of(name):
            if isinstance(dim, Categorical):
                spec = [_describe_choice(c) for c in dim.categories]
            else:
                spec = repr(dim)
            out.append([name, type(dim).__name__, spec])
    return out


def _describe_choice(choice):
    """A categorical choice as :func:`describe_space` lists it: an estimator with its
    parameters, a list or tuple by its repr, a scalar as it is, anything else by class."""
    if isinstance(choice, BaseEstimator):
        return describe_estimator(choice)
    if isinstance(choice, (list, tuple)):
        return repr(choice)
    return encode_value(choice, []).get("value", type(choice).__name__)


def fingerprint(search, spaces, X, y, fit_params=None, estimator=None) -> dict:
    """What a checkpoint must match to be resumed by ``search`` on ``X, y``, with
    ``fit_params`` (``fit``'s other arguments: ``groups``, ``sample_weight``, ...);
    ``estimator`` is the user's, if the search has wrapped it."""
    scoring = search.scoring
    out = {
        "search": type(search).__name__,
        "estimator": describe_estimator(search.estimator if estimator is None else estimator),
        "spaces": [describe_space(space) for space in spaces],
        "data": joblib.hash((X, y)),
        "scoring": scoring if isinstance(scoring, (str, type(None))) else repr(scoring),
        "cv": _describe_cv(search.cv),
    }
    if fit_params:
        out["fit_params"] = {name: _describe_value(v) for name, v in sorted(fit_params.items())}
    return out


def _describe_cv(cv):
    """``cv`` as a JSON value that changes when its splits do."""
    if isinstance(cv, (int, type(None))):
        return cv
    splits = explicit_splits(cv)
    if splits is not None:  # its repr abbreviates the index arrays: compare them all
        return f"splits {joblib.hash(splits)}"
    return repr(cv)


def _differing_keys(ours, theirs) -> list:
    """The keys of two dicts whose values differ (none unless both are dicts)."""
    if not (isinstance(ours, dict) and isinstance(theirs, dict)):
        return []
    return sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))


# how the error message names each part of a fingerprint
_FINGERPRINT_LABELS = {"search": "search class", "spaces": "search space", "data": "data (X, y)",
                       "fit_params": "fit arguments (groups, sample_weight, ...)"}


class Checkpoint:
    """The evaluations of one search, saved to ``path`` after every batch.

    Parameters
    ----------
    path : str or path-like
        The JSON file.
    fingerprint : dict
        Identity of the search (see :func:`fingerprint`).
    seed : int
        Seed the search runs with, so that a resumed run proposes the same points.
    rows : list of dict, default=()
        Evaluations already saved: ``params`` (encoded), ``extras`` (such as
        ``n_resources``), ``values`` (the ``cv_results_`` columns) and ``failed``.
    """

    def __init__(self, path, fingerprint, seed, rows=()):
        self.path = os.fspath(path)
        self.fingerprint = fingerprint
        self.seed = int(seed)
        self.rows = list(rows)
        # each row's JSON text, kept so that a write encodes only the new rows: the
        # file is rewritten whole after every batch, and encoding all of it each time
        # grew with the search (docs/benchmarks.md, "With a checkpoint")
        self._row_texts = [json.dumps(row) for row in self.rows]

    @classmethod
    def open(cls, path, fingerprint, new_seed):
        """Load ``path`` if it exists (checking it belongs to this search), else start one."""
        if not os.path.exists(path):
            directory = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(directory) or not os.access(directory, os.W_OK):
                raise ValueError(
                    f"checkpoint {os.fspath(path)!r} cannot be written: its folder "
                    f"{directory!r} does not exist or is not writable."
                )
            return cls(path, fingerprint, new_seed)
        try:
            with open(path, encoding="utf-8") as f:
                saved = json.load(f)
        except (OSError, ValueError) as exc:
            raise ValueError(f"checkpoint {path!r} is not a readable sktune checkpoint: {exc}") from exc
        if not isinstance(saved, dict) or saved.get("format") != FORMAT:
            raise ValueError(f"checkpoint {path!r} is not an sktune checkpoint.")
        if saved.get("version") != VERSION:
            raise ValueError(
                f"checkpoint {path!r} has format version {saved.get('version')!r}; this "
                f"sktune reads version {VERSION}."
            )
        theirs = saved.get("fingerprint", {})
        differ = _differing_keys(fingerprint, theirs)
        if differ:
            what = " and ".join(_FINGERPRINT_LABELS.get(k, k) for k in differ)
            params = _differing_keys(fingerprint.get("estimator"), theirs.get("estimator"))
            detail = f" (estimator parameters: {', '.join(params)})" if params else ""
            verb = "differs" if len(differ) == 1 and differ != ["fit_params"] else "differ"
            hint = ""
            if set(differ) <= {"data", "fit_params"}:  # the same search on other data
                hint = (" A search cross-validated as a whole (cross_val_score, or inside "
                        "another search) fits each fold's data: give it checkpoint=None there.")
            raise ValueError(
                f"checkpoint {path!r} belongs to another search: its {what} "
                f"{verb} from this one's{detail}. Use "
                f"another file, or delete it to start afresh.{hint}"
            )
        return cls(path, fingerprint, saved["seed"], saved.get("rows", []))

    def append(self, rows) -> None:
        """Add finished evaluations and rewrite the file atomically."""
        self.rows.extend(rows)
        self._row_texts.extend(json.dumps(row) for row in rows)
        self._write()

    def truncate(self, n_rows: int) -> None:
        """Keep only the first ``n_rows`` evaluations, and rewrite the file.

        For when the rest no longer match the search resuming it: left in place,
        they would be met, and refused, again at every later resume.
        """
        del self.rows[n_rows:]
        del self._row_texts[n_rows:]
        self._write()

    def _write(self) -> None:
        head = json.dumps({"format": FORMAT, "version": VERSION,
                           "fingerprint": self.fingerprint, "seed": self.seed})
        # the text json.dumps gives for the whole payload, rows last
        text = head[:-1] + ', "rows": [' + ", ".join(self._row_texts) + "]}"
        with replacing(self.path) as tmp, open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
