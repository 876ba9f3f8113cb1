"""The only module that imports scikit-learn's private names.

scikit-learn keeps ``BaseSearchCV`` and its parameter-validation helpers in private
modules. Every use of them goes through here, so that a change between scikit-learn
versions is mended in one place.
"""

from sklearn.model_selection._search import BaseSearchCV
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

__all__ = ["BaseSearchCV", "HasMethods", "Interval", "StrOptions"]
