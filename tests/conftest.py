"""Shared test helpers."""

import pytest

from sktune import Subset
from sktune.space import Categorical, Conditional, Integer, Real, Space


def _random_space(rng):
    """A random space: numeric, categorical and subset dimensions, sometimes conditional."""

    def dimension():
        kind = rng.integers(6)
        if kind == 0:
            low = rng.uniform(-10, 10)
            return Real(low, low + rng.uniform(1e-6, 100))
        if kind == 1:
            low = 10 ** rng.uniform(-8, 2)
            return Real(low, low * 10 ** rng.uniform(0.01, 8), prior="log-uniform")
        if kind == 2:
            low = int(rng.integers(-100, 100))
            return Integer(low, low + int(rng.integers(1, 1000)))
        if kind == 3:
            low = int(rng.integers(1, 100))
            return Integer(low, low + int(rng.integers(1, 10000)), prior="log-uniform")
        if kind == 4:
            return Categorical([f"c{i}" for i in range(rng.integers(1, 6))])
        return [None, 1, "a", 2.5][: rng.integers(1, 5)]

    spec = {f"p{i}": dimension() for i in range(rng.integers(1, 5))}
    choices = [k for k, v in spec.items() if isinstance(v, Categorical) and len(v.categories) > 1]
    if choices and rng.random() < 0.5:
        spec["child"] = Conditional(Real(0, 1), on=choices[0], values=[spec[choices[0]].categories[0]])
    if rng.random() < 0.3:
        n = int(rng.integers(1, 12))
        low = int(rng.integers(1, n + 1))
        spec["columns"] = Subset(list(range(n)), min_size=low, max_size=int(rng.integers(low, n + 1)))
    return Space(spec)


@pytest.fixture
def random_space():
    """``random_space(rng)``: a random Space drawn with the numpy Generator ``rng``."""
    return _random_space


class TaskRecorder:
    """A scikit-learn (>= 1.9) fit callback that records the tasks it sees, as
    ``(begin or end, task name, task id, max subtasks, estimator class name)``, and
    how often it is set up. With ``propagate``, meta-estimators pass it on to their
    steps."""

    def __init__(self, propagate=False):
        if propagate:
            self.max_propagation_depth = None
        self.events, self.setups = [], 0

    def setup(self, estimator, context):
        self.setups += 1

    def teardown(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context, **kwargs):
        self.events.append(("begin", context.task_name, context.task_id, context.max_subtasks,
                            type(estimator).__name__))

    def on_fit_task_end(self, estimator, context, **kwargs):
        self.events.append(("end", context.task_name, context.task_id, None, type(estimator).__name__))
        return False


@pytest.fixture
def task_recorder():
    """``task_recorder(propagate=False)``: a new :class:`TaskRecorder`; skips the test
    where scikit-learn has no callbacks (before 1.9)."""
    pytest.importorskip("sklearn.callback")
    return TaskRecorder
