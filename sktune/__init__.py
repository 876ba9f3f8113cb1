"""sktune: hyperparameter search for scikit-learn.

Search estimators that swap in for ``GridSearchCV`` and ``RandomizedSearchCV``, and
for scikit-optimize's ``BayesSearchCV``.
"""

from ._bayes_search import BayesSearchCV
from ._evolutionary_search import EvolutionarySearchCV
from ._halving_search import SuccessiveHalvingSearchCV
from ._hyperband_search import HyperbandSearchCV
from .space import Categorical, Conditional, Integer, Real, Space
from .subset import ColumnSubset, Subset

__version__ = "0.1.0"

__all__ = [
    "BayesSearchCV",
    "Categorical",
    "ColumnSubset",
    "Conditional",
    "EvolutionarySearchCV",
    "HyperbandSearchCV",
    "Integer",
    "Real",
    "Space",
    "Subset",
    "SuccessiveHalvingSearchCV",
    "__version__",
]
