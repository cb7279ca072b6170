import sys

MATCH = {ord(")"): ord("("), ord("]"): ord("["), ord("}"): ord("{")}
OPEN = frozenset(b"([{")


def balanced(s: bytes) -> bool:
    stack = []
    push, pop = stack.append, stack.pop
    for c in s:
        if c in OPEN:
            push(c)
        elif not stack or pop() != MATCH[c]:
            return False
    return not stack


def main() -> None:
    data = sys.stdin.buffer.read().split()
    t = int(data[0])
    out = ["YES" if balanced(s) else "NO" for s in data[1:1 + t]]
    sys.stdout.write("\n".join(out) + "\n")


main()
