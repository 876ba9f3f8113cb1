"""The only module that relies on scikit-learn's private names and messages.

scikit-learn keeps ``BaseSearchCV`` and its parameter-validation helpers in private
modules. Every use of them goes through here, so that a change between scikit-learn
versions is mended in one place.
"""

import re

from sklearn import get_config
from sklearn.model_selection._search import BaseSearchCV
from sklearn.model_selection._split import _CVIterableWrapper
from sklearn.utils import _safe_indexing
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    InvalidParameterError,
    StrOptions,
    validate_parameter_constraints,
)

__all__ = [
    "BaseSearchCV",
    "HasMethods",
    "Interval",
    "StrOptions",
    "all_fits_failed_error",
    "check_input_columns",
    "explicit_splits",
    "int_and_float_differ",
    "is_all_fits_failed",
    "invalid_value_message",
    "is_non_finite_scores_warning",
    "n_failed_fits",
    "select_best_index",
    "select_columns",
    "validate_parameters",
]

_ALL_FITS_FAILED = re.compile(r"All the (\d+) fits failed")
_SOME_FITS_FAILED = re.compile(r"(\d+) fits failed out of a total of \d+")
_NON_FINITE_SCORES = re.compile(r"One or more of the (train|test) scores are non-finite")


def is_all_fits_failed(exc: BaseException) -> bool:
    """Whether ``exc`` is the error ``BaseSearchCV`` raises when every fit of a batch failed.

    ``evaluate_candidates`` raises it (with a numeric ``error_score``) instead of
    recording the failures, so a search that evaluates one candidate at a time would
    otherwise stop at the first configuration that cannot be fitted.
    """
    return isinstance(exc, ValueError) and bool(_ALL_FITS_FAILED.search(str(exc)))


def n_failed_fits(message) -> int:
    """How many fits failed, read from ``evaluate_candidates``' error for a batch
    whose every fit failed or its ``FitFailedWarning`` for a batch where some did;
    0 for any other message."""
    found = _ALL_FITS_FAILED.search(str(message)) or _SOME_FITS_FAILED.search(str(message))
    return int(found.group(1)) if found else 0


def all_fits_failed_error(exc: BaseException, n_fits: int) -> ValueError:
    """``evaluate_candidates``' error for a batch whose every fit failed, reworded for
    a whole search: the count becomes ``n_fits``, and the details, which scikit-learn
    gives for that batch only, say so."""
    n_last = n_failed_fits(exc)
    message = _ALL_FITS_FAILED.sub(f"All the {n_fits} fits failed", str(exc), count=1)
    if n_last != n_fits:
        message = message.replace(
            "more details about the failures:",
            f"more details about the failures of the last {n_last} fits:", 1,
        )
    return ValueError(message)


def is_non_finite_scores_warning(message) -> bool:
    """Whether ``message`` is the warning ``BaseSearchCV`` gives when it formats
    results that hold a NaN or infinite score."""
    return bool(_NON_FINITE_SCORES.match(str(message)))


def validate_parameters(estimator) -> None:
    """Check ``estimator``'s parameters against its ``_parameter_constraints`` now.

    scikit-learn's ``fit`` does so first; a search that reads a parameter before
    calling it (``verbose``, ``resource``) calls this so that a bad value gets
    scikit-learn's error naming the parameter, not a ``TypeError`` from its own use.
    Skipped where scikit-learn would skip it (``skip_parameter_validation``).
    """
    if not get_config().get("skip_parameter_validation", False):
        estimator._validate_params()


def invalid_value_message(estimator, name: str, value):
    """scikit-learn's error for ``value`` as parameter ``name`` of ``estimator``, or None.

    Only a scikit-learn estimator's declared constraints are read (a subclass
    elsewhere may accept more), and none where scikit-learn would not check them
    (``skip_parameter_validation``).
    """
    if get_config().get("skip_parameter_validation", False):
        return None
    if not type(estimator).__module__.startswith("sklearn."):
        return None
    constraints = getattr(estimator, "_parameter_constraints", {}).get(name)
    if constraints is None or constraints == "no_validation":
        return None
    try:
        validate_parameter_constraints({name: constraints}, {name: value},
                                       caller_name=type(estimator).__name__)
    except InvalidParameterError as exc:
        return str(exc)
    except Exception:  # a check that cannot judge this value: leave it to fit
        return None
    return None


def select_best_index(refit, refit_metric, results) -> int:
    """``BaseSearchCV``'s own choice of the best row of ``results`` (a private method)."""
    return int(BaseSearchCV._select_best_index(refit, refit_metric, results))


def check_input_columns(estimator, X, *, reset):
    """Record (``reset=True``) or check ``n_features_in_`` and ``feature_names_in_``.

    The checks and messages of scikit-learn's own estimators, without converting
    ``X``: a DataFrame whose columns differ from those seen in ``fit``, or come in
    another order, is refused.
    """
    try:
        from sklearn.utils.validation import validate_data
    except ImportError:  # scikit-learn < 1.6: the same checks as methods
        estimator._check_feature_names(X, reset=reset)
        estimator._check_n_features(X, reset=reset)
        return
    validate_data(estimator, X, reset=reset, skip_check_array=True)


def explicit_splits(cv):
    """The ``(train, test)`` pairs of a ``cv`` given as an iterable of splits, else None.

    ``check_cv`` wraps such an iterable in a private class, whose splits are read
    again here.
    """
    return list(cv.split()) if isinstance(cv, _CVIterableWrapper) else None


def select_columns(X, positions):
    """The columns of the DataFrame ``X`` (pandas, polars, ...) at ``positions``, as
    a DataFrame of the same library: scikit-learn's own indexing for its inputs."""
    return _safe_indexing(X, positions, axis=1)


def int_and_float_differ(estimator, name: str) -> bool:
    """Whether the parameter ``name`` (``step__param`` for a nested one) of
    ``estimator`` reads an int and a float of the same value differently, as
    ``max_features`` does (1 is one feature, 1.0 all of them).

    Read from the parameter's validation constraints (a private class attribute of
    scikit-learn's estimators): an interval of integers beside one of non-integer
    reals. False for estimators without them.
    """
    owner_path, _, base = name.rpartition("__")
    owner = estimator.get_params(deep=True).get(owner_path) if owner_path else estimator
    constraints = getattr(type(owner), "_parameter_constraints", {}).get(base, [])
    types = [getattr(c, "type", None) for c in constraints]
    types = [t for t in types if isinstance(t, type)]
    ints_only = any(isinstance(1, t) and not isinstance(0.5, t) for t in types)
    floats_only = any(isinstance(0.5, t) and not isinstance(1, t) for t in types)
    return ints_only and floats_only
