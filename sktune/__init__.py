"""sktune: hyperparameter search for scikit-learn.

Search estimators that swap in for ``GridSearchCV`` and ``RandomizedSearchCV``, and
for scikit-optimize's ``BayesSearchCV``.
"""

from ._search import BayesSearchCV
from .space import Categorical, Integer, Real, Space

__version__ = "0.1.0"

__all__ = ["BayesSearchCV", "Categorical", "Integer", "Real", "Space", "__version__"]
