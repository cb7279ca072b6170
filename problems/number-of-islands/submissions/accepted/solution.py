import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    r, c = int(data[0]), int(data[1])
    w = c + 2
    to_cell = bytes.maketrans(b"01", b"\x00\x01")
    # One flat grid with a border of water, so neighbours need no bounds checks.
    g = bytearray(w) + b"".join(b"\x00" + row.translate(to_cell) + b"\x00" for row in data[2:2 + r]) + bytearray(w)
    islands = 0
    p = g.find(1)
    while p != -1:
        islands += 1
        g[p] = 0
        stack = [p]  # explicit stack: recursion would overflow on big islands
        pop, push = stack.pop, stack.append
        while stack:
            q = pop()
            for nb in (q - 1, q + 1, q - w, q + w):
                if g[nb]:
                    g[nb] = 0
                    push(nb)
        p = g.find(1, p + 1)
    print(islands)


main()
