import sys

# Keep every space: only the line terminator is dropped.
s = sys.stdin.buffer.readline().rstrip(b"\r\n")
sys.stdout.buffer.write(s[::-1] + b"\n")
