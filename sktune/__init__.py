"""sktune: hyperparameter search for scikit-learn.

Search estimators that swap in for ``GridSearchCV`` and ``RandomizedSearchCV``, and
for scikit-optimize's ``BayesSearchCV``.
"""

from ._search import BayesSearchCV
from .space import Categorical, Conditional, Integer, Real, Space
from .subset import ColumnSubset, Subset

__version__ = "0.1.0"

__all__ = [
    "BayesSearchCV",
    "Categorical",
    "ColumnSubset",
    "Conditional",
    "Integer",
    "Real",
    "Space",
    "Subset",
    "__version__",
]
