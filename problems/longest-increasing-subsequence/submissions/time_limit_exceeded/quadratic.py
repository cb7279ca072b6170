import sys

# Correct but O(n^2): about 2 * 10^10 steps for n = 2 * 10^5.
data = sys.stdin.buffer.read().split()
n = int(data[0])
a = list(map(int, data[1:1 + n]))
dp = [1] * n
for i in range(n):
    ai = a[i]
    best = 0
    for j in range(i):
        if a[j] < ai and dp[j] > best:
            best = dp[j]
    dp[i] = best + 1
print(max(dp) if n else 0)
