import sys

# Wrong: two decimals are far outside the 1e-6 tolerance (1/3 -> 0.33).
data = sys.stdin.buffer.read().split()
n, k = int(data[0]), int(data[1])
a = list(map(int, data[2:2 + n]))
s = best = sum(a[:k])
for i in range(k, n):
    s += a[i] - a[i - k]
    best = max(best, s)
print("%.2f" % (best / k))
