# Wrong: strip() also removes the leading and trailing spaces of the string,
# and the checker of this problem compares bytes exactly.
s = input().strip()
print(s[::-1])
