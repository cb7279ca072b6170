import sys
from bisect import bisect_right

# Wrong: bisect_right computes the longest NON-decreasing subsequence,
# so equal values are counted ([2, 2, 2] gives 3 instead of 1).
data = sys.stdin.buffer.read().split()
n = int(data[0])
tails = []
for x in map(int, data[1:1 + n]):
    i = bisect_right(tails, x)
    if i == len(tails):
        tails.append(x)
    else:
        tails[i] = x
print(len(tails))
