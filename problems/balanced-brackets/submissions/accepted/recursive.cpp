// A recursive descent parser: the deepest string takes it 5 * 10^5 calls deep, which the stack
// holds (it may use the whole memory limit).
#include <bits/stdc++.h>
using namespace std;

static string s;
static size_t pos;

// Parses a sequence of balanced groups; false at the first bracket that does not close right.
static bool sequence() {
    while (pos < s.size() && (s[pos] == '(' || s[pos] == '[' || s[pos] == '{')) {
        char open = s[pos++];
        if (!sequence()) return false;
        char close = open == '(' ? ')' : open == '[' ? ']' : '}';
        if (pos >= s.size() || s[pos] != close) return false;
        pos++;
    }
    return true;
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int t;
    cin >> t;
    while (t--) {
        cin >> s;
        pos = 0;
        cout << (sequence() && pos == s.size() ? "YES" : "NO") << '\n';
    }
}
