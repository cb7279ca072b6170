#!/usr/bin/python3
"""Writes the large tests of maximum-average-subarray (big-*.in / big-*.out) next to this file.

Deterministic: a fixed-seed splitmix64, the same on every Python version.
Run: /usr/bin/python3 problems/maximum-average-subarray/tests/generate.py
Expected answers are printed with 10 decimals (solutions may print fewer: the
checker accepts an absolute or relative error up to 1e-6).
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent
MASK = (1 << 64) - 1


class Rng:
    """splitmix64."""

    def __init__(self, seed: int) -> None:
        self.state = seed & MASK

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def randint(self, lo: int, hi: int) -> int:
        return lo + self.next() % (hi - lo + 1)


def solve(a, k) -> str:
    s = best = sum(a[:k])
    for i in range(k, len(a)):
        s += a[i] - a[i - k]
        best = max(best, s)
    return "%.10f" % (best / k)


def write(name, a, k):
    assert 1 <= k <= len(a) <= 10**5 and all(-10**4 <= x <= 10**4 for x in a)
    answer = solve(a, k)
    (HERE / f"{name}.in").write_text(f"{len(a)} {k}\n{' '.join(map(str, a))}\n")
    (HERE / f"{name}.out").write_text(answer + "\n")
    print(f"{name}: n={len(a)} k={k} answer={answer}")


if __name__ == "__main__":
    rng = Rng(31415)
    write("big-1", [rng.randint(-10**4, 10**4) for _ in range(10**5)], 31415)
    rng = Rng(2718)
    write("big-2", [rng.randint(-9, 9) for _ in range(10**5)], 7)
