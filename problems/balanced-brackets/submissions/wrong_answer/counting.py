import sys

# Wrong: checks that every kind of bracket is balanced on its own,
# but not the nesting order, so "([)]" is wrongly accepted.
data = sys.stdin.buffer.read().split()
t = int(data[0])
out = []
for s in data[1:1 + t]:
    ok = True
    for o, c in (b"()", b"[]", b"{}"):
        depth = 0
        for ch in s:
            if ch == o:
                depth += 1
            elif ch == c:
                depth -= 1
                if depth < 0:
                    ok = False
                    break
        ok = ok and depth == 0
    out.append("YES" if ok else "NO")
print("\n".join(out))
