#!/usr/bin/python3
"""Writes the large tests of number-of-islands (big-*.in / big-*.out) next to this file.

Deterministic: a fixed-seed splitmix64, the same on every Python version.
Run: /usr/bin/python3 problems/number-of-islands/tests/generate.py
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


def solve(grid) -> int:
    r, c = len(grid), len(grid[0])
    seen = [[False] * c for _ in range(r)]
    islands = 0
    for i in range(r):
        for j in range(c):
            if grid[i][j] != "1" or seen[i][j]:
                continue
            islands += 1
            seen[i][j] = True
            stack = [(i, j)]
            while stack:
                y, x = stack.pop()
                for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
                    if 0 <= ny < r and 0 <= nx < c and grid[ny][nx] == "1" and not seen[ny][nx]:
                        seen[ny][nx] = True
                        stack.append((ny, nx))
    return islands


def write(name, grid):
    r, c = len(grid), len(grid[0])
    assert 1 <= r <= 1000 and 1 <= c <= 1000 and all(len(row) == c and set(row) <= set("01") for row in grid)
    answer = solve(grid)
    (HERE / f"{name}.in").write_text(f"{r} {c}\n" + "".join(row + "\n" for row in grid))
    (HERE / f"{name}.out").write_text(f"{answer}\n")
    print(f"{name}: {r}x{c} answer={answer}")


def snake(r: int, c: int):
    """One island shaped as a snake through the whole grid (about r * c / 2 cells
    in a single path): a recursive flood fill needs a stack about 500000 deep."""
    grid = []
    for i in range(r):
        if i % 2 == 0:
            grid.append("1" * c)
        elif i % 4 == 1:
            grid.append("0" * (c - 1) + "1")
        else:
            grid.append("1" + "0" * (c - 1))
    return grid


def noise(rng: Rng, r: int, c: int):
    """Random land with probability 1/2: tens of thousands of islands, many
    touching only at corners."""
    return ["".join("1" if rng.next() & 1 else "0" for _ in range(c)) for _ in range(r)]


if __name__ == "__main__":
    write("big-1", snake(1000, 1000))
    write("big-2", noise(Rng(5150), 1000, 500))
