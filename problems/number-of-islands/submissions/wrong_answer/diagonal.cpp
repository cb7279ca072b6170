#include <bits/stdc++.h>
using namespace std;

// Wrong: also joins cells that touch only at a corner (8-connectivity).
int main() {
    int r, c;
    cin >> r >> c;
    vector<string> g(r);
    for (auto &row : g) cin >> row;
    long islands = 0;
    for (int i = 0; i < r; i++)
        for (int j = 0; j < c; j++) {
            if (g[i][j] != '1') continue;
            islands++;
            vector<pair<int, int>> st{{i, j}};
            g[i][j] = '0';
            while (!st.empty()) {
                auto [y, x] = st.back();
                st.pop_back();
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int ny = y + dy, nx = x + dx;
                        if (ny >= 0 && ny < r && nx >= 0 && nx < c && g[ny][nx] == '1') {
                            g[ny][nx] = '0';
                            st.push_back({ny, nx});
                        }
                    }
            }
        }
    cout << islands << '\n';
    return 0;
}
