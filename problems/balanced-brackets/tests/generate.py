#!/usr/bin/python3
"""Writes the large tests of balanced-brackets (big-*.in / big-*.out) next to this file.

Deterministic: a fixed-seed splitmix64, the same on every Python version.
Run: /usr/bin/python3 problems/balanced-brackets/tests/generate.py
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent
MASK = (1 << 64) - 1
PAIRS = ["()", "[]", "{}"]
OPEN_OF = {")": "(", "]": "[", "}": "{"}


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


def balanced(s: str) -> bool:
    stack = []
    for c in s:
        if c in "([{":
            stack.append(c)
        elif not stack or stack.pop() != OPEN_OF[c]:
            return False
    return not stack


def random_balanced(rng: Rng, pairs: int) -> str:
    """A random balanced string of 2 * pairs brackets."""
    out, stack, opened = [], [], 0
    while opened < pairs or stack:
        if opened < pairs and (not stack or rng.randint(0, 1)):
            p = PAIRS[rng.randint(0, 2)]
            out.append(p[0])
            stack.append(p[1])
            opened += 1
        else:
            out.append(stack.pop())
    return "".join(out)


def mutate(rng: Rng, s: str) -> str:
    """One random edit: change one bracket, swap two neighbours, or drop one."""
    i = rng.randint(0, len(s) - 1)
    kind = rng.randint(0, 2)
    if kind == 0:
        return s[:i] + "()[]{}"[rng.randint(0, 5)] + s[i + 1:]
    if kind == 1 and i + 1 < len(s):
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + s[i + 1:]


def write(name, strings):
    assert 1 <= len(strings) <= 10**5
    assert all(len(s) >= 1 for s in strings) and sum(map(len, strings)) <= 10**6
    answers = ["YES" if balanced(s) else "NO" for s in strings]
    (HERE / f"{name}.in").write_text(f"{len(strings)}\n" + "".join(s + "\n" for s in strings))
    (HERE / f"{name}.out").write_text("".join(a + "\n" for a in answers))
    print(f"{name}: T={len(strings)} total length={sum(map(len, strings))} YES={answers.count('YES')}")


def big1():
    """One string of 10^6 brackets nested 500000 deep: kills recursive solutions."""
    depth = 500000
    opens = "".join("([{"[i % 3] for i in range(depth))
    closes = "".join(")]}"[i % 3] for i in reversed(range(depth)))
    write("big-1", [opens + closes])


def big2():
    """2000 random strings, about half balanced, the rest one edit away from balanced."""
    rng = Rng(1234)
    strings = []
    for _ in range(2000):
        s = random_balanced(rng, rng.randint(1, 150))
        if rng.randint(0, 1):
            s = mutate(rng, s)
        strings.append(s)
    write("big-2", strings)


if __name__ == "__main__":
    big1()
    big2()
