#!/usr/bin/python3
"""Writes the large tests of longest-increasing-subsequence (big-*.in / big-*.out) next to this file.

Deterministic: a fixed-seed splitmix64, the same on every Python version.
Run: /usr/bin/python3 problems/longest-increasing-subsequence/tests/generate.py
Both tests have n = 2 * 10^5, so an O(n^2) solution does about 2 * 10^10 steps.
"""
from bisect import bisect_left
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

    def shuffle(self, a: list) -> None:
        for i in range(len(a) - 1, 0, -1):
            j = self.randint(0, i)
            a[i], a[j] = a[j], a[i]


def solve(a) -> int:
    tails = []
    for x in a:
        i = bisect_left(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)


def write(name, a):
    assert 1 <= len(a) <= 2 * 10**5 and all(-10**9 <= x <= 10**9 for x in a)
    answer = solve(a)
    (HERE / f"{name}.in").write_text(f"{len(a)}\n{' '.join(map(str, a))}\n")
    (HERE / f"{name}.out").write_text(f"{answer}\n")
    print(f"{name}: n={len(a)} answer={answer}")


if __name__ == "__main__":
    n = 2 * 10**5
    rng = Rng(1001)
    write("big-1", [rng.randint(-10**6, 10**6) for _ in range(n)])
    # Nearly sorted with every value twice (0, 0, 1, 1, ...) and some far swaps:
    # the strictly increasing answer is about n / 2, the non-decreasing one about n.
    rng = Rng(1002)
    a = [i // 2 for i in range(n)]
    for _ in range(2000):
        i, j = rng.randint(0, n - 1), rng.randint(0, n - 1)
        a[i], a[j] = a[j], a[i]
    write("big-2", a)
