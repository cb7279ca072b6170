import sys


def main() -> None:
    a, b = sys.stdin.read().split()[:2]
    m = len(b)
    prev = list(range(m + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] * (m + 1)
        left = i          # cur[j - 1]
        diag = i - 1      # prev[j - 1]
        for j, cb in enumerate(b, 1):
            up = prev[j]
            best = diag if ca == cb else diag + 1
            if up + 1 < best:
                best = up + 1
            if left + 1 < best:
                best = left + 1
            cur[j] = best
            left = best
            diag = up
        prev = cur
    print(prev[m])


main()
