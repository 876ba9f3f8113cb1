"""scikit-optimize's documented BayesSearchCV examples, with only the imports changed.

The code below follows skopt's "Scikit-learn hyperparameter search wrapper" example
(basic use, advanced pipeline with subspaces, callbacks, total_iterations); the data
set is cut to 300 samples and n_iter lowered so that the suite stays fast.
"""

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
    assert namespace["total"] == 42
