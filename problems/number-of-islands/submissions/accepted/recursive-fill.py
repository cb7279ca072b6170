# A recursive flood fill: the largest island takes it about 500 000 calls deep. Python stops at
# 1000 by default; with the limit raised, the calls fit in the memory limit.
import sys

sys.setrecursionlimit(10**6)


def main() -> None:
    data = sys.stdin.read().split()
    r, c = int(data[0]), int(data[1])
    grid = [bytearray(row, "ascii") for row in data[2:2 + r]]

    def fill(y: int, x: int) -> None:
        if 0 <= y < r and 0 <= x < c and grid[y][x] == 49:
            grid[y][x] = 48
            fill(y - 1, x)
            fill(y + 1, x)
            fill(y, x - 1)
            fill(y, x + 1)

    islands = 0
    for y in range(r):
        for x in range(c):
            if grid[y][x] == 49:
                islands += 1
                fill(y, x)
    print(islands)


main()
