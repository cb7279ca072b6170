#!/usr/bin/python3
"""Writes the large tests of shortest-path (big-*.in / big-*.out) next to this file.

Deterministic: a fixed-seed splitmix64, the same on every Python version.
Run: /usr/bin/python3 problems/shortest-path/tests/generate.py
"""
from heapq import heappop, heappush
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


def solve(n, edges):
    adj = [[] for _ in range(n + 1)]
    for u, v, w in edges:
        adj[u].append((v, w))
    dist = [-1] * (n + 1)
    dist[1] = 0
    heap = [(0, 1)]
    while heap:
        d, u = heappop(heap)
        if d != dist[u]:
            continue
        for v, w in adj[u]:
            if dist[v] < 0 or d + w < dist[v]:
                dist[v] = d + w
                heappush(heap, (d + w, v))
    return dist[1:]


def write(name, n, edges):
    assert 1 <= n <= 10**5 and 0 <= len(edges) <= 2 * 10**5
    assert all(1 <= u <= n and 1 <= v <= n and 1 <= w <= 10**9 for u, v, w in edges)
    dist = solve(n, edges)
    (HERE / f"{name}.in").write_text(f"{n} {len(edges)}\n" + "".join(f"{u} {v} {w}\n" for u, v, w in edges))
    (HERE / f"{name}.out").write_text(" ".join(map(str, dist)) + "\n")
    print(f"{name}: n={n} m={len(edges)} unreachable={dist.count(-1)} max={max(dist)}")


def big1():
    """n = 10^5, m = 2 * 10^5: a random tree out of vertex 1 plus random edges
    (self-loops and parallel edges included); 100 vertices have no incoming edge."""
    rng = Rng(99)
    n, m = 10**5, 2 * 10**5
    order = list(range(2, n + 1))
    rng.shuffle(order)
    reachable, unreachable = [1] + order[:n - 101], order[n - 101:]
    edges = []
    for i in range(1, len(reachable)):
        edges.append((reachable[rng.randint(0, i - 1)], reachable[i], rng.randint(1, 1000)))
    while len(edges) < m:
        u = rng.randint(1, n)
        v = reachable[rng.randint(0, len(reachable) - 1)]
        edges.append((u, v, rng.randint(1, 1000)))
    rng.shuffle(edges)
    write("big-1", n, edges)


def big2():
    """A path 1 -> 2 -> ... -> n listed from its far end (worst order for
    Bellman-Ford), weights up to 10^5, so distances reach about 5 * 10^9
    (over 2^31); beside each path edge a parallel one of weight 10^9 that is never
    the shorter (so m = 2 * 10^5: Bellman-Ford needs n - 1 rounds over every edge,
    2 * 10^10 relaxations, about three times the time limit in C++); plus one edge
    back to vertex 1."""
    rng = Rng(100)
    n = 10**5
    edges = []
    for v in range(n - 1, 0, -1):
        edges.append((v, v + 1, rng.randint(1, 10**5)))
        edges.append((v, v + 1, 10**9))
    edges.append((n, 1, 1))
    write("big-2", n, edges)


if __name__ == "__main__":
    big1()
    big2()
