#!/usr/bin/python3
"""Writes the large tests of two-sum (big-*.in / big-*.out) next to this file.

Deterministic: a fixed-seed splitmix64, the same on every Python version.
Run: /usr/bin/python3 problems/two-sum/tests/generate.py

Every test has exactly one answer: the target is odd and all other values
are even, so only the planted (odd, even) pair can reach it.
"""
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
MASK = (1 << 64) - 1
LIMIT = 10**9
MAX_N = 3 * 10**5


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


def solve(nums, target):
    seen = {}
    for i, x in enumerate(nums):
        if target - x in seen:
            return [seen[target - x], i]
        seen[x] = i
    raise ValueError("no answer")


def count_answers(nums, target) -> int:
    cnt = Counter(nums)
    total = 0
    for x, c in cnt.items():
        y = target - x
        if x < y:
            total += c * cnt.get(y, 0)
        elif x == y:
            total += c * (c - 1) // 2
    return total


def write(name, nums, target):
    assert 2 <= len(nums) <= MAX_N
    assert all(-LIMIT <= x <= LIMIT for x in nums) and -LIMIT <= target <= LIMIT
    assert count_answers(nums, target) == 1, name
    i, j = sorted(solve(nums, target))
    (HERE / f"{name}.in").write_text(f"{len(nums)}\n{' '.join(map(str, nums))}\n{target}\n")
    (HERE / f"{name}.out").write_text(f"{i} {j}\n")
    print(f"{name}: n={len(nums)} target={target} answer={i} {j}")


def big1():
    """n = 3 * 10^5 distinct values over the whole range; the pair is the last two
    elements, so a brute-force O(n^2) search checks about 4.5 * 10^10 pairs: some ten
    seconds in C++, five times the time limit (10^5 took a C++ double loop 1.2 s)."""
    rng = Rng(20240101)
    n = MAX_N
    target = rng.randint(-LIMIT // 2, LIMIT // 2) | 1  # odd
    x = rng.randint(-LIMIT // 2, LIMIT // 2) | 1       # odd, so y = target - x is even
    y = target - x
    fillers, seen = [], {y}
    while len(fillers) < n - 2:
        v = rng.randint(-LIMIT // 2, LIMIT // 2) * 2   # even, |v| <= 10^9
        if v not in seen:
            seen.add(v)
            fillers.append(v)
    write("big-1", fillers + [x, y], target)


def big2():
    """n = 10^5 with heavy duplicates among small values; the pair uses -10^9."""
    rng = Rng(77)
    n = 10**5
    target = -(LIMIT - 1)          # odd
    y, x = -LIMIT, 1               # y + x = target; no small even filler pairs with either
    nums = [rng.randint(-500, 500) * 2 for _ in range(n)]
    nums[33333], nums[77777] = x, y
    write("big-2", nums, target)


if __name__ == "__main__":
    big1()
    big2()
