# A correct binary search that never flushes: its guesses sit in its own buffer, and both wait.
import sys
lo, hi = 1, 1_000_000
while lo <= hi:
    mid = (lo + hi) // 2
    sys.stdout.write(f"{mid}\n")
    answer = sys.stdin.readline().strip()
    if answer == "correct":
        break
    lo, hi = (mid + 1, hi) if answer == "higher" else (lo, mid - 1)
