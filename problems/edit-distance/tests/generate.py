#!/usr/bin/python3
"""Writes the large tests of edit-distance (big-*.in / big-*.out) next to this file.

Deterministic: a fixed-seed splitmix64, the same on every Python version.
Run: /usr/bin/python3 problems/edit-distance/tests/generate.py
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

    def shuffle(self, a: list) -> None:
        for i in range(len(a) - 1, 0, -1):
            j = self.randint(0, i)
            a[i], a[j] = a[j], a[i]


def solve(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1]


def write(name, a, b):
    for s in (a, b):
        assert 1 <= len(s) <= 2000 and s.isascii() and s.isalpha() and s.islower()
    answer = solve(a, b)
    (HERE / f"{name}.in").write_text(f"{a}\n{b}\n")
    (HERE / f"{name}.out").write_text(f"{answer}\n")
    print(f"{name}: |a|={len(a)} |b|={len(b)} answer={answer}")


def word(rng: Rng, n: int, alphabet: str) -> str:
    return "".join(alphabet[rng.randint(0, len(alphabet) - 1)] for _ in range(n))


def edited(rng: Rng, s: str, edits: int, alphabet: str) -> str:
    """s after random insertions, deletions and replacements."""
    t = list(s)
    for _ in range(edits):
        i = rng.randint(0, len(t) - 1)
        kind = rng.randint(0, 2)
        c = alphabet[rng.randint(0, len(alphabet) - 1)]
        if kind == 0:
            t.insert(i, c)
        elif kind == 1 and len(t) > 1:
            del t[i]
        else:
            t[i] = c
    return "".join(t)


if __name__ == "__main__":
    rng = Rng(7)
    write("big-1", word(rng, 2000, "ab"), word(rng, 2000, "ab"))
    rng = Rng(8)
    a = word(rng, 2000, "abcdefghijklmnopqrstuvwxyz")
    b = edited(rng, a, 300, "abcdefghijklmnopqrstuvwxyz")[:2000]
    write("big-2", a, b)
    write("big-3", "a" * 2000, "b" * 1000 + "a" * 1000)
