#include <bits/stdc++.h>
using namespace std;

// Breadth-first flood fill over a grid padded with water.
int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int r, c;
    cin >> r >> c;
    const int w = c + 2;
    vector<char> g((size_t)(r + 2) * w, 0);
    string row;
    for (int i = 0; i < r; i++) {
        cin >> row;
        for (int j = 0; j < c; j++) g[(size_t)(i + 1) * w + j + 1] = row[j] == '1';
    }
    vector<int> queue(g.size());
    long islands = 0;
    for (int p = 0; p < (int)g.size(); p++) {
        if (!g[p]) continue;
        islands++;
        size_t head = 0, tail = 0;
        g[p] = 0;
        queue[tail++] = p;
        while (head < tail) {
            int q = queue[head++];
            for (int nb : {q - 1, q + 1, q - w, q + w})
                if (g[nb]) {
                    g[nb] = 0;
                    queue[tail++] = nb;
                }
        }
    }
    cout << islands << '\n';
    return 0;
}
