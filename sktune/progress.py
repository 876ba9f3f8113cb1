"""Progress of a running search: a line per batch or part of one, or a bar with tqdm."""

from __future__ import annotations

import sys
import time

# Seconds between two lines within a batch (a bar follows every part); a batch's
# end always gets its line.
LINE_SECONDS = 10.0


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Reports evaluations done out of planned, the best score, elapsed and left time.

    Parameters
    ----------
    name : str
        Shown at the start of each line (the search class).
    planned : int
        Evaluations the search plans to run.
    stream : file-like, default=None
        Where lines go; ``sys.stdout`` by default.
    bar : bool or None, default=None
        Draw a tqdm bar instead of lines. None: when tqdm is installed and
        ``stream`` is an interactive terminal.
    planned_cost : float, default=None
        Total cost of the planned evaluations when they differ in cost (the sum of
        their resources, in a halving search); the time left is then extrapolated
        from the cost done, not from the count.
    max_time : float, default=None
        The search's time budget in seconds: the time left shown never exceeds
        what remains of it.
    """

    def __init__(self, name, planned, stream=None, bar=None, planned_cost=None, max_time=None):
        self.name = name
        self.planned = planned
        self.planned_cost = planned_cost
        self.max_time = max_time
        self.stream = stream if stream is not None else sys.stdout
        self._start = time.monotonic()
        self._last_line = self._start
        self._bar = None
        if bar is None:
            bar = _has_tqdm() and getattr(self.stream, "isatty", lambda: False)()
        if bar:
            from tqdm.auto import tqdm

            # tqdm's own time left counts evaluations alone: the bar shows this one's
            self._bar = tqdm(total=planned, desc=name, file=self.stream, unit="eval",
                             bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}{postfix}]")

    def time_left(self, n_done, elapsed, cost_done=None) -> float | None:
        """Seconds left, extrapolated from ``elapsed`` for ``n_done`` evaluations
        (costing ``cost_done``) and capped by ``max_time``; None before the first
        evaluation and after the last."""
        if not 0 < n_done < self.planned:
            return None
        if self.planned_cost and cost_done:
            left = elapsed / cost_done * max(self.planned_cost - cost_done, 0.0)
        else:
            left = elapsed / n_done * (self.planned - n_done)
        if self.max_time is not None:
            left = min(left, max(self.max_time - elapsed, 0.0))
        return left

    def line(self, n_done, best_score, now=None, cost_done=None) -> str:
        """The progress line for ``n_done`` evaluations (costing ``cost_done``) and the
        best score so far."""
        elapsed = (now if now is not None else time.monotonic()) - self._start
        parts = [f"[{self.name}] {n_done}/{self.planned} evaluations"]
        parts.append(f"best score {best_score:.6g}" if best_score is not None else "no score yet")
        parts.append(f"{_clock(elapsed)} elapsed")
        left = self.time_left(n_done, elapsed, cost_done)
        if left is not None:
            parts.append(f"~{_clock(left)} left")
        return " | ".join(parts)

    def update(self, n_done, best_score, cost_done=None, within_batch=False) -> None:
        """Report after a batch, or after a part of one (``within_batch``): the bar
        moves at every part, a line comes ``LINE_SECONDS`` after the last at most."""
        if within_batch and self._bar is None and time.monotonic() - self._last_line < LINE_SECONDS:
            return
        if self._bar is not None:
            self._bar.n = n_done
            postfix = {}
            if best_score is not None:
                postfix["best"] = f"{best_score:.6g}"
            left = self.time_left(n_done, time.monotonic() - self._start, cost_done)
            if left is not None:
                postfix["left"] = f"~{_clock(left)}"
            self._bar.set_postfix(postfix, refresh=False)
            self._bar.refresh()
        else:
            print(self.line(n_done, best_score, cost_done=cost_done), file=self.stream, flush=True)
            self._last_line = time.monotonic()

    def note(self, text: str) -> None:
        """Report a line of context, such as the rung a halving search starts."""
        line = f"[{self.name}] {text}"
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _has_tqdm() -> bool:
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True
