#include <bits/stdc++.h>
using namespace std;

static bool balanced(const string &s) {
    string st;
    for (char c : s) {
        if (c == '(' || c == '[' || c == '{') {
            st.push_back(c);
        } else {
            char open = c == ')' ? '(' : c == ']' ? '[' : '{';
            if (st.empty() || st.back() != open) return false;
            st.pop_back();
        }
    }
    return st.empty();
}

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int t;
    cin >> t;
    string s, out;
    while (t--) {
        cin >> s;
        out += balanced(s) ? "YES\n" : "NO\n";
    }
    cout << out;
    return 0;
}
