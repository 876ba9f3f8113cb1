"""A small Gaussian process: Matern-5/2 ARD kernel, hyperparameters fitted by MAP.

Written for speed on a few hundred points: one Cholesky factorisation per likelihood
evaluation, analytic gradients, L-BFGS-B warm-started from the previous fit.
"""

from __future__ import annotations

import contextlib
import functools
import math

import numpy as np
from scipy.linalg.lapack import dpotrf, dpotrs, dtrtrs
from scipy.optimize import minimize

SQRT5 = math.sqrt(5.0)
LOG_NOISE_BOUNDS = (math.log(1e-6), math.log(0.5))
LOG_LENGTHSCALE_BOUNDS = (math.log(1e-2), math.log(1e2))
# One-hot columns of a categorical: lengthscale at most 1, so two categories are
# never more than about 30 % alike to the model (Matern-5/2 at distance sqrt 2).
LOG_CATEGORICAL_LENGTHSCALE_BOUNDS = (math.log(1e-2), math.log(1.0))
LOG_AMPLITUDE_BOUNDS = (math.log(5e-2), math.log(20.0))
# Log-normal lengthscale prior: median 1 (the unit cube's side), wide spread.
LOG_LENGTHSCALE_PRIOR_MEAN = 0.0
LOG_LENGTHSCALE_PRIOR_STD = math.sqrt(3.0)
# Noise variance (of standardised targets) the prior centres on: small, since most
# tuning objectives are smooth, yet the data can raise it for noisy CV scores.
LOG_NOISE_PRIOR_MEAN = math.log(1e-3)
LOG_NOISE_PRIOR_STD = 2.0


@functools.lru_cache(maxsize=None)
def _threadpool_controller():
    """threadpoolctl's controller of the loaded thread pools, made once; None without
    threadpoolctl (installed with scikit-learn)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return None
    return ThreadpoolController()


def one_blas_thread():
    """Context in which BLAS runs on one thread.

    A Gaussian process's matrices have a few hundred rows at most, and there BLAS
    threads cost more than they give: on a two-core machine 80 proposals on 60
    columns took 4.2 s on two threads against 1.5 s on one. The setting is restored
    on leaving. Without threadpoolctl BLAS is left as it is.
    """
    controller = _threadpool_controller()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


# LAPACK called directly: the routines scipy.linalg's cholesky, cho_solve and
# solve_triangular call, without the checks around them, which cost as much as the
# arithmetic on the small matrices of a search (same results, bit for bit).


def _cholesky(K: np.ndarray) -> np.ndarray:
    """Lower Cholesky factor of ``K``; ``LinAlgError`` if it is not positive definite."""
    L, info = dpotrf(K, lower=1, clean=1)
    if info != 0:
        raise np.linalg.LinAlgError(f"matrix not positive definite (LAPACK info {info})")
    return L


def _cho_solve(L: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``K^-1 b`` from the lower Cholesky factor ``L`` of ``K``."""
    return dpotrs(L, b, lower=1)[0]


def _solve_lower(L: np.ndarray, B: np.ndarray) -> np.ndarray:
    """``L^-1 B`` for a lower triangular ``L``."""
    return dtrtrs(L, B, lower=1)[0]


def _scaled_sqdist(A: np.ndarray, B: np.ndarray, lengthscales: np.ndarray) -> np.ndarray:
    A = A / lengthscales
    B = B / lengthscales
    d2 = (A * A).sum(1)[:, None] + (B * B).sum(1)[None, :] - 2.0 * A @ B.T
    return np.maximum(d2, 0.0)


def matern52(A, B, lengthscales, amplitude):
    """Matern-5/2 kernel matrix between the rows of ``A`` and ``B``."""
    r = np.sqrt(_scaled_sqdist(A, B, lengthscales))
    return amplitude * (1.0 + SQRT5 * r + (5.0 / 3.0) * r * r) * np.exp(-SQRT5 * r)


class GaussianProcess:
    """Gaussian process regression with a Matern-5/2 ARD kernel and Gaussian noise.

    Hyperparameters (one lengthscale per column, an amplitude and a noise variance)
    are set by maximising the marginal likelihood plus log-normal priors. The
    lengthscale prior has its median at 1, the side of the unit cube, with a wide
    spread. (A prior that grows with the dimension, as Hvarfner et al., 2024
    recommend for many dimensions, made the model so smooth on 5-6 dimensional
    problems that coordinates stayed where the first points had put them: in the
    synthetic benchmark (docs/benchmarks.md) Hartmann-6 and Ackley-5 scored 87.4 and
    70.7 with it, 98.1 and 79.4 with this prior. On feature subsets of 13 to 62
    columns the old prior did slightly better, by 0.1 to 0.3 points of best CV
    accuracy on average, in runs outside the benchmark.)
    Targets are expected to be standardised.

    One-hot columns (``categorical``) have their lengthscales capped at 1, so that
    the model never takes two categories for nearly the same: left free, it let a
    category evaluated many times speak for the others, and the search settled in
    the wrong category (the synthetic benchmark's "mixed" problem: 94.5 without the
    cap, 99.0 with it).

    Columns can share one lengthscale (``shared``): then the kernel sees them
    through one distance, such as the number of bits two feature subsets differ in.

    Parameters
    ----------
    n_dims : int
        Number of input columns.
    categorical : array-like of bool, optional
        Which columns are one-hot indicators of a categorical choice.
    shared : array-like of int, optional
        For each column, the index of its lengthscale, from 0 to the number of
        lengthscales less one; columns with the same index share it. By default
        every column has its own.
    """

    def __init__(self, n_dims: int, categorical=None, shared=None):
        self.n_dims = n_dims
        categorical = np.zeros(n_dims, bool) if categorical is None else np.asarray(categorical, bool)
        if categorical.shape != (n_dims,):
            raise ValueError(
                f"categorical must hold one flag per column ({n_dims}). Got shape {categorical.shape}."
            )
        shared = np.arange(n_dims) if shared is None else np.asarray(shared, dtype=int)
        n_lengthscales = int(shared.max()) + 1 if shared.size else 0
        if shared.shape != (n_dims,) or set(shared.tolist()) != set(range(n_lengthscales)):
            raise ValueError(
                f"shared must give each of the {n_dims} columns a lengthscale index, using "
                f"every index from 0 up. Got {shared.tolist()!r}."
            )
        self._shared = shared
        self.n_lengthscales = n_lengthscales
        self.theta = self._prior_theta()
        # a shared lengthscale is capped as a one-hot column's when any of its columns is one
        capped = np.bincount(shared, weights=categorical, minlength=n_lengthscales) > 0
        self._bounds = [
            LOG_CATEGORICAL_LENGTHSCALE_BOUNDS if one_hot else LOG_LENGTHSCALE_BOUNDS
            for one_hot in capped
        ] + [LOG_AMPLITUDE_BOUNDS, LOG_NOISE_BOUNDS]

    @property
    def lengthscales(self):
        """The lengthscale of every column (shared ones repeated)."""
        return np.exp(self.theta[: self.n_lengthscales])[self._shared]

    @property
    def amplitude(self):
        return math.exp(self.theta[self.n_lengthscales])

    @property
    def noise(self):
        return math.exp(self.theta[self.n_lengthscales + 1])

    def _neg_log_posterior(self, theta, X, y):
        d = self.n_lengthscales
        ls = np.exp(theta[:d])[self._shared]
        amp = math.exp(theta[d])
        noise = math.exp(theta[d + 1])
        n = len(y)
        r = np.sqrt(_scaled_sqdist(X, X, ls))
        e = np.exp(-SQRT5 * r)
        K0 = amp * (1.0 + SQRT5 * r + (5.0 / 3.0) * r * r) * e
        K = K0 + (noise + 1e-8) * np.eye(n)
        try:
            L = _cholesky(K)
        except np.linalg.LinAlgError:
            return 1e10, np.zeros_like(theta)
        alpha = _cho_solve(L, y)
        nll = 0.5 * y @ alpha + np.log(np.diag(L)).sum() + 0.5 * n * math.log(2 * math.pi)
        W = np.outer(alpha, alpha) - _cho_solve(L, np.eye(n))
        grad = np.empty_like(theta)
        # d K_ij / d log ls_k = common_ij (x_ik - x_jk)^2 / ls_k^2; with M = W * common
        # (symmetric), sum_ij M_ij (x_ik - x_jk)^2 = 2 sum_i x_ik^2 M_i. - 2 x_k' M x_k
        M = W * (amp * (5.0 / 3.0) * (1.0 + SQRT5 * r) * e)
        spread = (X * X).T @ M.sum(axis=1) - np.einsum("ik,ik->k", M @ X, X)
        grad[:d] = np.bincount(self._shared, weights=-spread / (ls * ls), minlength=d)
        grad[d] = -0.5 * np.sum(W * K0)
        grad[d + 1] = -0.5 * np.trace(W) * noise
        # Log-normal priors: lengthscales around 1, amplitude around 1,
        # noise around exp(LOG_NOISE_PRIOR_MEAN).
        z = (theta[:d] - LOG_LENGTHSCALE_PRIOR_MEAN) / LOG_LENGTHSCALE_PRIOR_STD
        nll += 0.5 * np.sum(z * z)
        grad[:d] += z / LOG_LENGTHSCALE_PRIOR_STD
        nll += 0.5 * theta[d] ** 2
        grad[d] += theta[d]
        zn = (theta[d + 1] - LOG_NOISE_PRIOR_MEAN) / LOG_NOISE_PRIOR_STD
        nll += 0.5 * zn * zn
        grad[d + 1] += zn / LOG_NOISE_PRIOR_STD
        return nll, grad

    def _prior_theta(self) -> np.ndarray:
        """Log hyperparameters at the priors' centres: the first and fallback start."""
        lengthscales = np.full(self.n_lengthscales, LOG_LENGTHSCALE_PRIOR_MEAN)
        return np.concatenate([lengthscales, [0.0, math.log(1e-2)]])

    def fit(self, X: np.ndarray, y: np.ndarray, optimize: bool = True, maxiter: int = 60):
        """Fit the hyperparameters (if ``optimize``) and condition on ``(X, y)``."""
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if optimize and len(y) >= 2:
            starts = [self.theta]
            default = self._prior_theta()
            if not np.allclose(default, self.theta):
                starts.append(default)
            best = None
            for start in starts:
                res = minimize(
                    self._neg_log_posterior,
                    np.clip(start, [b[0] for b in self._bounds], [b[1] for b in self._bounds]),
                    args=(X, y),
                    jac=True,
                    method="L-BFGS-B",
                    bounds=self._bounds,
                    options={"maxiter": maxiter},
                )
                if np.isfinite(res.fun) and (best is None or res.fun < best.fun):
                    best = res
            if best is not None:
                self.theta = best.x
        self.condition(X, y)
        return self

    def condition(self, X: np.ndarray, y: np.ndarray):
        """Condition on ``(X, y)`` with the current hyperparameters."""
        self.X_ = np.asarray(X, dtype=float)
        self.y_ = np.asarray(y, dtype=float)
        K = matern52(self.X_, self.X_, self.lengthscales, self.amplitude)
        jitter = self.noise + 1e-8
        for _ in range(6):
            try:
                self.L_ = _cholesky(K + jitter * np.eye(len(K)))
                break
            except np.linalg.LinAlgError:
                jitter *= 10
        self.alpha_ = _cho_solve(self.L_, self.y_)
        return self

    def predict(self, X: np.ndarray):
        """Posterior mean and standard deviation (of the latent function) at ``X``."""
        Ks = matern52(np.asarray(X, dtype=float), self.X_, self.lengthscales, self.amplitude)
        mean = Ks @ self.alpha_
        v = _solve_lower(self.L_, Ks.T)
        var = np.maximum(self.amplitude - (v * v).sum(0), 1e-12)
        return mean, np.sqrt(var)
