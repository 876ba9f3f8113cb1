"""The cross-validation splits of one rung: the full test folds, shrunken training sets."""

from __future__ import annotations

import numpy as np
from sklearn.utils import resample


class RungSplits:
    """Fixed cross-validation splits whose training sets keep a fraction of their samples.

    Every rung of a search is scored on the same test folds; only the training sets
    shrink, stratified by class for classifiers, and the same subsample serves every
    candidate of the rung.

    Parameters
    ----------
    splits : list of (ndarray, ndarray)
        The full training and test indices of each split.
    fraction : float
        Share of each training set kept, in (0, 1].
    y : ndarray or None
        Targets, used to stratify the subsample when ``stratify``.
    stratify : bool
        Keep the class proportions of each training set.
    seed : int
        Seed of the subsampling.
    """

    def __init__(self, splits, fraction=1.0, y=None, stratify=False, seed=0):
        self.splits = splits
        self.fraction = fraction
        self.y = y
        self.stratify = stratify
        self.seed = seed
        self._subsampled = None  # drawn at the first split

    def get_n_splits(self, X=None, y=None, groups=None, **kwargs):
        return len(self.splits)

    def split(self, X=None, y=None, groups=None, **kwargs):
        # Drawn once: a rung may be evaluated in several calls, each splitting again.
        if self._subsampled is None:
            self._subsampled = list(self._subsample())
        yield from self._subsampled

    def _subsample(self):
        rng = np.random.RandomState(self.seed)
        for train, test in self.splits:
            n_keep = max(1, int(self.fraction * len(train)))
            if n_keep >= len(train):
                yield train, test
                continue
            seed = rng.randint(np.iinfo(np.int32).max)
            labels = self.y[train] if self.stratify and self.y is not None else None
            try:
                kept = resample(train, replace=False, n_samples=n_keep, random_state=seed,
                                stratify=labels)
            except ValueError:  # too few samples to stratify: keep a plain subsample
                kept = resample(train, replace=False, n_samples=n_keep, random_state=seed)
            yield np.sort(kept), test
