#!/usr/bin/python3
"""Writes the large test of reverse-string (big-1.in / big-1.out) next to this file.

Deterministic: a fixed-seed splitmix64, the same on every Python version.
Run: /usr/bin/python3 problems/reverse-string/tests/generate.py
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


def write(name, s):
    assert 1 <= len(s) <= 10**5 and all(32 <= ord(c) <= 126 for c in s)
    (HERE / f"{name}.in").write_bytes((s + "\n").encode("ascii"))
    (HERE / f"{name}.out").write_bytes((s[::-1] + "\n").encode("ascii"))
    print(f"{name}: length {len(s)}")


if __name__ == "__main__":
    rng = Rng(42)
    n = 10**5
    # Printable ASCII with many spaces (one in four), and spaces at both ends.
    chars = [" " if rng.randint(0, 3) == 0 else chr(rng.randint(33, 126)) for _ in range(n - 6)]
    write("big-1", "   " + "".join(chars) + "   ")
