"""scikit-optimize's documented BayesSearchCV examples, with only the imports changed.

The code below follows skopt's "Scikit-learn hyperparameter search wrapper" example
(basic use, advanced pipeline with subspaces, callbacks, total_iterations); its
callback reads ``opt.best_score_`` during ``fit``, which scikit-optimize itself no
longer supports (its issue 1092) and sktune does. The data
set is cut to 300 samples and n_iter lowered so that the suite stays fast.
"""

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from sktune import BayesSearchCV
from sktune._bayes_search import _optimizer_options

SKOPT_EXAMPLES = '''
from sklearn.datasets import load_digits
from sklearn.svm import LinearSVC, SVC
from sklearn.pipeline import Pipeline
from sklearn.model_selection import train_test_split

X, y = load_digits(n_class=10, return_X_y=True)
X, y = X[:300], y[:300]
X_train, X_test, y_train, y_test = train_test_split(X, y, train_size=0.75, test_size=.25, random_state=0)

# basic use
opt = BayesSearchCV(
    SVC(),
    {
        'C': (1e-6, 1e+6, 'log-uniform'),
        'gamma': (1e-6, 1e+1, 'log-uniform'),
        'degree': (1, 8),  # integer valued parameter
        'kernel': ['linear', 'poly', 'rbf'],  # categorical parameter
    },
    n_iter=N_ITER,
    cv=3,
    random_state=0,
)
opt.fit(X_train, y_train)
basic = (opt.best_score_, opt.score(X_test, y_test))

# advanced: a pipeline, two subspaces with their own budgets
pipe = Pipeline([('model', SVC())])
linsvc_search = {
    'model': [LinearSVC(max_iter=1000)],
    'model__C': (1e-6, 1e+6, 'log-uniform'),
}
svc_search = {
    'model': Categorical([SVC()]),
    'model__C': Real(1e-6, 1e+6, prior='log-uniform'),
    'model__gamma': Real(1e-6, 1e+1, prior='log-uniform'),
    'model__degree': Integer(1, 8),
    'model__kernel': Categorical(['linear', 'poly', 'rbf']),
}
opt = BayesSearchCV(pipe, [(svc_search, N_ITER), (linsvc_search, 4)], cv=3, random_state=0)
opt.fit(X_train, y_train)
advanced = (opt.best_score_, opt.score(X_test, y_test), len(opt.cv_results_['params']))

# progress monitoring and control with callbacks
def on_step(optim_result):
    score = -optim_result['fun']
    steps.append(score)
    if score >= 0.9:
        return True

steps = []
searchcv = BayesSearchCV(SVC(gamma='scale'), search_spaces={'C': (0.01, 100.0, 'log-uniform')}, n_iter=10, cv=3, random_state=0)
searchcv.fit(X, y, callback=on_step)

# the same, as skopt's example writes it: the callback reads the search's best_score_
def on_step(optim_result):
    score = opt.best_score_
    print("best score: %s" % score)
    documented_steps.append(score)
    if score >= 0.98:
        print('Interrupting!')
        return True

documented_steps = []
opt = BayesSearchCV(SVC(gamma='scale'), search_spaces={'C': (0.01, 100.0, 'log-uniform')}, n_iter=10, cv=3, random_state=0)
opt.fit(X, y, callback=on_step)

# counting total iterations
searchcv = BayesSearchCV(SVC(), search_spaces=[({'C': (0.1, 1.0)}, 19), {'gamma': (0.1, 1.0)}], n_iter=23)
total = searchcv.total_iterations
'''

SKTUNE_IMPORTS = "from sktune import BayesSearchCV\nfrom sktune.space import Real, Categorical, Integer\n"


def test_skopt_documented_examples_run_with_only_the_import_changed():
    namespace = {"N_ITER": 8}
    exec(SKTUNE_IMPORTS + SKOPT_EXAMPLES, namespace)
    best, test = namespace["basic"]
    assert best > 0.8 and test > 0.8
    best, test, n_results = namespace["advanced"]
    assert best > 0.8 and n_results == 8 + 4
    steps = namespace["steps"]
    assert 1 <= len(steps) < 10 and steps[-1] >= 0.9
    assert steps == sorted(steps)  # best so far never decreases
    # skopt's own wording of that callback reads opt.best_score_: the best so far
    scores = namespace["opt"].cv_results_["mean_test_score"]
    # (one call after each evaluation, as in skopt, the estimator's own first included)
    assert namespace["documented_steps"] == list(np.maximum.accumulate(scores))
    assert namespace["opt"].best_score_ == max(scores)
    assert namespace["total"] == 42


# scikit-optimize 0.10's BayesSearchCV signature, in order.
SKOPT_PARAMETERS = [
    "estimator", "search_spaces", "optimizer_kwargs", "n_iter", "scoring", "fit_params", "n_jobs",
    "n_points", "iid", "refit", "cv", "verbose", "pre_dispatch", "random_state", "error_score",
    "return_train_score",
]


def test_constructor_takes_scikit_optimize_arguments_in_its_order():
    import inspect

    names = list(inspect.signature(BayesSearchCV).parameters)
    assert names[: len(SKOPT_PARAMETERS)] == SKOPT_PARAMETERS


def test_fit_params_and_iid_are_accepted_with_a_warning():
    X, y = load_iris(return_X_y=True)
    received = []

    class Recorder(LogisticRegression):
        def fit(self, X, y, sample_weight=None):
            received.append(sample_weight is not None)
            return super().fit(X, y, sample_weight=sample_weight)

    search = BayesSearchCV(Recorder(), {"C": (0.1, 1.0)}, None, 3, None,
                           {"sample_weight": np.ones(len(y))}, cv=3, random_state=0)
    with pytest.warns(FutureWarning, match="fit_params"):
        search.fit(X, y)
    assert received and all(received)
    with pytest.warns(FutureWarning, match="iid has no effect"):
        BayesSearchCV(LogisticRegression(), {"C": (0.1, 1.0)}, n_iter=2, cv=3, iid=False).fit(X, y)


def test_scikit_optimize_optimizer_kwargs_are_read_or_refused():
    own = BayesSearchCV._OPTIMIZER_OPTIONS
    skopt_style = {"base_estimator": "GP", "acq_optimizer": "sampling", "n_random_starts": 3,
                   "acq_optimizer_kwargs": {"n_points": 200, "n_restarts_optimizer": 5},
                   "acq_func": "PI"}
    assert _optimizer_options(skopt_style, own) == {"n_initial_points": 3, "n_candidates": 200,
                                                   "acq_func": "PI"}
    # scikit-optimize's defaults spelled out, as its users often copy them
    skopt_defaults = {"base_estimator": "gp", "n_initial_points": 10, "acq_func": "gp_hedge",
                      "acq_optimizer": "auto", "initial_point_generator": "random",
                      "acq_func_kwargs": {"kappa": 1.96}, "n_jobs": 1, "avoid_duplicates": True}
    assert _optimizer_options(skopt_defaults, own) == {"n_initial_points": 10, "acq_func": "gp_hedge",
                                                      "kappa": 1.96}
    for refused, named in [({"base_estimator": "RF"}, "base_estimator='RF'"),
                           ({"acq_optimizer": "adam"}, "acq_optimizer='adam'"),
                           ({"model_queue_size": 2}, "model_queue_size"),
                           ({"acq_optimizer_kwargs": {"xi": 0.1}}, "acq_optimizer_kwargs['xi']"),
                           ({"acq_func_kwargs": {"xi": 0.01}}, "acq_func_kwargs['xi']"),
                           ({"initial_point_generator": "latin"}, "initial_point_generator='latin'"),
                           ({"avoid_duplicates": False}, "avoid_duplicates=False")]:
        with pytest.raises(ValueError, match="optimizer_kwargs keys must be among") as error:
            _optimizer_options(refused, own)
        assert f"Got [{named!r}]" in str(error.value)
    # what scikit-optimize's users reach for instead is named
    with pytest.raises(ValueError, match="always a Gaussian process.*leave base_estimator out"):
        _optimizer_options({"base_estimator": "ET"}, own)
    with pytest.raises(ValueError, match=r"Got \[\"acq_func='EIps'\"\].*use 'EI', and max_time"):
        _optimizer_options({"acq_func": "EIps"}, own)
    X, y = load_iris(return_X_y=True)
    search = BayesSearchCV(LogisticRegression(), {"C": (0.1, 10.0)}, optimizer_kwargs=skopt_style,
                           n_iter=5, cv=3, random_state=0).fit(X, y)
    assert len(search.cv_results_["params"]) == 5
    hedged = [BayesSearchCV(LogisticRegression(), {"C": (0.1, 10.0, "log-uniform")}, n_iter=14,
                            optimizer_kwargs={**skopt_defaults, "n_initial_points": 4}, cv=3,
                            random_state=0).fit(X, y) for _ in range(2)]
    assert hedged[0].cv_results_["params"] == hedged[1].cv_results_["params"]
    with pytest.raises(ValueError, match="acq_func must be one of"):
        BayesSearchCV(LogisticRegression(), {"C": (0.1, 10.0)}, n_iter=3,
                      optimizer_kwargs={"acq_func": "ei"}).fit(X, y)
    with pytest.raises(ValueError, match="Acquisitions per second"):
        BayesSearchCV(LogisticRegression(), {"C": (0.1, 10.0)}, n_iter=3,
                      optimizer_kwargs={"acq_func": "EIps"}).fit(X, y)


def test_dimensions_answer_scikit_optimize_sampling_and_membership():
    from sktune.space import Categorical, Integer, Real

    lr = Real(1e-3, 1.0, prior="log-uniform", transform="normalize")
    draws = lr.rvs(5, random_state=0)
    assert draws == lr.sample(5, random_state=0) and all(1e-3 <= v <= 1.0 for v in draws)
    assert Integer(1, 3).rvs(4, random_state=1) == Integer(1, 3).sample(4, random_state=1)
    assert set(Categorical(["a", "b"], transform="onehot").rvs(20, random_state=0)) == {"a", "b"}
    assert 0.5 in lr and 2.0 not in lr and 3 in Integer(1, 3) and "c" not in Categorical(["a", "b"])
    # the ignored transform= argument does not hide a method: no attribute at all
    assert not hasattr(lr, "transform")


def _skopt_like(kind, **attributes):
    """An object shaped as scikit-optimize's dimension ``kind``: its module, class
    name and the attributes sktune reads (scikit-optimize is not a test dependency)."""
    cls = type(kind, (), {"__module__": "skopt.space.space"})
    dimension = cls()
    vars(dimension).update({"name": None, **attributes})
    return dimension


def test_scikit_optimize_dimensions_are_read_when_only_the_search_import_changes():
    # skopt users often keep `from skopt.space import Real, Integer, Categorical`
    from sktune.space import Categorical, Integer, Real, to_dimension

    skopt_C = _skopt_like("Real", low=1e-3, high=1e3, prior="log-uniform", base=2, dtype=float)
    skopt_gamma = _skopt_like("Real", low=0.0, high=1.0, prior="uniform", base=10, dtype="float32")
    skopt_degree = _skopt_like("Integer", low=1, high=5, prior="uniform", base=10, dtype=np.int64,
                               name="degree")
    skopt_kernel = _skopt_like("Categorical", categories=("linear", "rbf"), prior=[0.3, 0.7])
    assert to_dimension(skopt_C, "C") == Real(1e-3, 1e3, prior="log-uniform", base=2, name="C")
    assert to_dimension(skopt_degree) == Integer(1, 5, name="degree")
    assert to_dimension(skopt_kernel, "kernel") == Categorical(["linear", "rbf"], prior=[0.3, 0.7],
                                                               name="kernel")
    gamma = to_dimension(skopt_gamma, "gamma")
    assert isinstance(gamma, Real) and type(gamma.decode([0.5])[0]) is np.float32
    # scikit-optimize's default int64 comes back as Python ints, as sktune's Integer gives
    assert type(to_dimension(skopt_degree).decode([0.5])[0]) is int

    X, y = load_iris(return_X_y=True)
    from sklearn.svm import SVC

    def search(space):
        return BayesSearchCV(SVC(), space, n_iter=6, cv=3, random_state=0).fit(X, y)

    from_skopt = search({"C": skopt_C, "degree": skopt_degree, "kernel": skopt_kernel})
    own = search({"C": Real(1e-3, 1e3, prior="log-uniform"), "degree": Integer(1, 5),
                  "kernel": Categorical(["linear", "rbf"], prior=[0.3, 0.7])})
    assert from_skopt.cv_results_["params"] == own.cv_results_["params"]
    assert from_skopt.best_score_ == own.best_score_
