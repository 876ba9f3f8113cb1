"""Continuing fits across rungs: a survivor resumes from its fitted state.

A halving search over a parameter resource (``n_estimators``, ``max_iter``) fits a
surviving candidate again with more of it at the next rung. For an estimator with a
``warm_start`` parameter, :class:`WarmStartedEstimator` stands in for the user's
estimator during the search: each fit saves the fitted model (of a pipeline, the
step that owns the resource) to a folder shared by the workers, keyed by the
configuration (resource excepted) and the training data;
the next rung's fit of the same configuration on the same fold loads it, raises the
resource, and continues with ``warm_start=True``. When nothing is found (another
machine, a first rung, a model that stops early on its own and so is not saved) it
fits from scratch, so the cache only ever saves time. The search removes a
configuration's fits once no rung will continue them.
"""

from __future__ import annotations

import os
import pickle
import shutil
import types

import joblib
from sklearn.base import BaseEstimator, clone
from sklearn.utils.metadata_routing import get_routing_for_object

_OWN = ("estimator", "resource", "warm_start_param", "store", "max_resources")
# What scikit-learn's callbacks (1.9 and later) set on an estimator they run on.
_CALLBACK_ATTRIBUTES = ("_skl_callbacks", "_parent_callback_ctx")


def _leaf(value):
    """A parameter value with nested estimators replaced by their class names, and
    functions by what they compute.

    Nested estimators carry the resource in their own parameters, which are listed
    separately anyway. A function of the script or notebook (``__main__``) cannot be
    pickled by reference in a worker, nor a lambda anywhere, so they are described by
    their name, code, defaults and closure, which are the same in every process.
    """
    if hasattr(value, "get_params"):
        return type(value).__name__
    if isinstance(value, (list, tuple)):
        return [_leaf(v) for v in value]
    if isinstance(value, types.FunctionType):
        cells = [cell.cell_contents for cell in value.__closure__ or ()]
        return ("function", value.__module__, value.__qualname__, _code(value.__code__),
                _leaf(list(value.__defaults__ or ())), _leaf(cells))
    return value


def _code(code: types.CodeType) -> tuple:
    """A code object's instructions, names and constants, nested code included."""
    constants = [_code(c) if isinstance(c, types.CodeType) else c for c in code.co_consts]
    return code.co_code, code.co_names, constants


def warm_start_param(estimator, resource: str):
    """The ``warm_start`` parameter that continues ``resource``, or None.

    Only where the resource is a total that warm starting extends: ``n_estimators``
    of scikit-learn's ensembles (forests, extra trees, gradient boosting, bagging)
    and ``max_iter`` of the histogram gradient boosting models. (``max_iter`` of
    ``MLPClassifier`` or ``SGDClassifier`` counts the iterations of each call, so a
    warm start would not reproduce a fresh fit.) ``clf__n_estimators`` goes with
    ``clf__warm_start`` when ``clf`` is a pipeline step, which the pipeline fits in
    place; a meta-estimator that fits a copy of its estimator
    (``TransformedTargetRegressor``'s ``regressor``) would drop the saved fit.
    """
    from sklearn.ensemble import (
        BaseEnsemble,
        HistGradientBoostingClassifier,
        HistGradientBoostingRegressor,
    )

    prefix, _, base = resource.rpartition("__")
    if prefix and not _fitted_in_place(estimator, prefix):
        return None
    params = estimator.get_params(deep=True)
    owner = params[prefix] if prefix else estimator
    name = f"{prefix}__warm_start" if prefix else "warm_start"
    totals = (base == "n_estimators" and isinstance(owner, BaseEnsemble)) or (
        base == "max_iter"
        and isinstance(owner, (HistGradientBoostingClassifier, HistGradientBoostingRegressor))
    )
    return name if totals and name in params else None


def continues_exactly(model, resource: str) -> bool:
    """Whether continuing the fitted ``model`` with more ``resource`` gives what a fresh
    fit with that resource would: not when it stops early on its own.

    A continued fit checks its stopping rule afresh: a histogram gradient boosting
    model with early stopping runs on past the iteration where a fresh fit stops (its
    first fit may have stopped there, or reached its ``max_iter`` just as the rule
    fired), and a ``GradientBoosting*`` model with ``n_iter_no_change`` forgets its
    validation history. Such fits are not saved, so the next rung fits from scratch.
    """
    prefix, _, base = resource.rpartition("__")
    step = model.get_params(deep=True)[prefix] if prefix else model
    if base == "max_iter":  # histogram gradient boosting
        return not step.do_early_stopping_
    return getattr(step, "n_iter_no_change", None) is None


def _fitted_in_place(estimator, path: str) -> bool:
    """Whether the step at ``path`` (``a__b``) is fitted as it is, not as a copy: a
    pipeline step at every level (the last one when the pipeline caches the others)."""
    from sklearn.pipeline import Pipeline

    for head in path.split("__"):
        if not isinstance(estimator, Pipeline):
            return False
        names = [name for name, _ in estimator.steps]
        if head not in names or (estimator.memory is not None and head != names[-1]):
            return False
        estimator = estimator.steps[names.index(head)][1]
    return True


def _write(path: str, value) -> None:
    """Save ``value`` as a plain pickle.

    A fitted ensemble is hundreds of small arrays, which joblib's pickler writes one
    by one (a boosting model of 81 trees: 9 ms to save and 7.5 ms to load with joblib,
    2 and 1 ms as a pickle).
    """
    with open(path, "wb") as file:
        pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)


def _read(path: str):
    with open(path, "rb") as file:
        return pickle.load(file)


class WarmStartedEstimator(BaseEstimator):
    """Wraps ``estimator`` so that fits continue from a saved fit with less resource.

    Its parameters, apart from its own four, are the wrapped estimator's, under their
    own names, so that a search sets them exactly as on the estimator itself.

    Parameters
    ----------
    estimator : estimator
        The estimator (or pipeline) being searched.
    resource : str
        The integer parameter the search rations.
    warm_start_param : str
        The parameter that turns warm starting on.
    store : str
        Folder shared by the workers for the saved fits.
    max_resources : int or None, default=None
        The largest resource of the search. Fits with it are not saved: no rung
        continues from them, and they are the largest models.
    """

    def __init__(self, estimator, resource, warm_start_param, store, max_resources=None):
        self.estimator = estimator
        self.resource = resource
        self.warm_start_param = warm_start_param
        self.store = store
        self.max_resources = max_resources

    def get_params(self, deep=True):
        params = {name: getattr(self, name) for name in _OWN}
        if deep:
            params.update(self.estimator.get_params(deep=True))
        return params

    def set_params(self, **params):
        # A name that is also the wrapped estimator's (a bagging ensemble's
        # ``estimator``) is the candidate's parameter: the search sets those here.
        wrapped = self.estimator.get_params(deep=True)
        for name in _OWN:
            if name in params and name not in wrapped:
                setattr(self, name, params.pop(name))
        if params:
            self.estimator.set_params(**params)
        return self

    def _folder(self):
        """Where this configuration's (resource aside) saved fits go, one per fold; None
        when a parameter value cannot be hashed (its fits are not saved)."""
        config = {k: _leaf(v) for k, v in self.estimator.get_params(deep=True).items()
                  if k not in (self.resource, self.warm_start_param)}
        try:
            return os.path.join(self.store, joblib.hash(config))
        except Exception:
            return None

    def _path(self, X, y):
        """The saved fit of this configuration on this training data, or None."""
        folder = self._folder()
        return None if folder is None else os.path.join(folder, joblib.hash((X, y)) + ".pkl")

    def forget(self, candidates) -> None:
        """Remove the saved fits of ``candidates`` (parameter dicts): no rung continues them."""
        for params in candidates:
            # copies, as scikit-learn sets them: a choice of the space (an estimator)
            # set as it is would take the next parameters onto the space's own object
            folder = clone(self).set_params(**clone(params, safe=False))._folder()
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    @property
    def _step_path(self) -> str:
        """Path of the step that owns the resource (``''``: the estimator itself)."""
        return self.resource.rpartition("__")[0]

    def _step(self, model):
        """The part of ``model`` that warm starting continues (the step that owns the
        resource), which is what is saved: the pipeline's other steps are fitted again,
        and may hold functions that cannot be pickled."""
        return model.get_params(deep=True)[self._step_path] if self._step_path else model

    def fit(self, X, y=None, **fit_params):
        path = self._path(X, y)
        wanted = self.estimator.get_params(deep=True)[self.resource]
        # the step may be a model the space chose that cannot continue (AdaBoost)
        continuable = path is not None and (
            warm_start_param(self.estimator, self.resource) == self.warm_start_param)
        model = clone(self.estimator)
        if continuable and os.path.exists(path):
            try:
                saved, done = _read(path)
            except Exception:  # a partly written or foreign file: fit from scratch
                saved, done = None, None
            if saved is not None and done < wanted:
                step = self._step_path
                model = model.set_params(**{step: saved}) if step else saved
                model.set_params(**{self.resource: wanted, self.warm_start_param: True})
        self._hand_over_callbacks(model)
        try:
            model.fit(X, y, **fit_params)
        finally:
            for name in _CALLBACK_ATTRIBUTES:
                model.__dict__.pop(name, None)
        last = self.max_resources is not None and wanted >= self.max_resources
        if continuable and not last and continues_exactly(model, self.resource):
            self._save(path, self._step(model), wanted)
        self.estimator_ = model
        return self

    def _hand_over_callbacks(self, model) -> None:
        """Give ``model`` (a clone, or a saved fit, which carries none) what scikit-learn
        (1.9 and later) gave this wrapper for its callbacks: the estimator's callbacks
        and the search's context, so that the fit is a task of the search's tree."""
        callbacks = getattr(self.estimator, "_skl_callbacks", None)
        if callbacks:
            model._skl_callbacks = callbacks
        parent = self.__dict__.get("_parent_callback_ctx")
        if parent is not None:
            model._parent_callback_ctx = parent

    @staticmethod
    def _save(path, model, done) -> None:
        """Save a fit for the next rung; a failure (a full disk, a parameter that cannot
        be pickled) only costs that time."""
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            _write(tmp, (model, done))
            os.replace(tmp, path)
        except Exception:
            if os.path.exists(tmp):
                os.remove(tmp)

    def get_metadata_routing(self):
        """The wrapped estimator's metadata requests: with routing on, the search
        passes the wrapper what it would pass the estimator."""
        return get_routing_for_object(self.estimator)

    def __getattr__(self, name):
        # Prediction methods and fitted attributes come from the fitted model; the
        # callbacks scikit-learn propagates live on the estimator, for every fit.
        if name.startswith("__") or name in _OWN or name == "estimator_":
            raise AttributeError(name)
        fitted = None if name in ("set_callbacks", "_skl_callbacks") else self.__dict__.get("estimator_")
        target = fitted if fitted is not None else self.__dict__.get("estimator")
        if target is None:
            raise AttributeError(name)
        return getattr(target, name)

    def score(self, X, y=None, sample_weight=None, **params):
        # sample_weight by name: scikit-learn reads the signature to decide whether
        # the search's sample_weight reaches the score
        if sample_weight is not None:
            params["sample_weight"] = sample_weight
        return self.estimator_.score(X, y, **params)

    def __sklearn_tags__(self):
        return self.estimator.__sklearn_tags__()

    def _more_tags(self):  # scikit-learn < 1.6
        return self.estimator._get_tags() if hasattr(self.estimator, "_get_tags") else {}

    @property
    def _estimator_type(self):  # scikit-learn < 1.6
        return getattr(self.estimator, "_estimator_type", None)
