"""Optimizers with a plain ask/tell interface on the unit cube.

They minimise, know nothing of scikit-learn, and can drive any black-box function.
See :class:`~sktune.optimizers.Optimizer` for the protocol.
"""

from ._base import Optimizer, UnitDimension, continuous_dimensions
from .bayes import BayesOptimizer
from .cmaes import CMAESOptimizer
from .genetic import GeneticOptimizer
from .random import RandomOptimizer

__all__ = [
    "BayesOptimizer",
    "CMAESOptimizer",
    "GeneticOptimizer",
    "Optimizer",
    "RandomOptimizer",
    "UnitDimension",
    "continuous_dimensions",
]
