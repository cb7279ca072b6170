import sys

# Wrong: n + m - 2 * LCS counts only insertions and deletions; a replacement
# costs 1, not 2 ("abc" -> "abd" is 1, this prints 2).
a, b = sys.stdin.read().split()[:2]
m = len(b)
prev = [0] * (m + 1)
for ca in a:
    cur = [0] * (m + 1)
    for j, cb in enumerate(b, 1):
        cur[j] = prev[j - 1] + 1 if ca == cb else max(prev[j], cur[j - 1])
    prev = cur
print(len(a) + m - 2 * prev[m])
