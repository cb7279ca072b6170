# Recursion with Python's default limit: it stops at 1000 calls deep (RecursionError), far short of
# the 5 * 10^5 the largest island takes, whatever the stack could hold.
import sys

rows = sys.stdin.buffer.read().split()
height, width = int(rows[0]), int(rows[1])
land = {(y, x) for y, row in enumerate(rows[2:2 + height]) for x, cell in enumerate(row) if cell == ord("1")}


def sink(y, x):
    for neighbour in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
        if neighbour in land:
            land.discard(neighbour)
            sink(*neighbour)


count = 0
while land:
    count += 1
    sink(*land.pop())
print(count)
