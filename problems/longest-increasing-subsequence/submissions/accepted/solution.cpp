#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    cin >> n;
    vector<int> tails;
    tails.reserve(n);
    for (int i = 0; i < n; i++) {
        int x;
        cin >> x;
        auto it = lower_bound(tails.begin(), tails.end(), x);  // strictly increasing
        if (it == tails.end()) tails.push_back(x); else *it = x;
    }
    cout << tails.size() << '\n';
    return 0;
}
