// A recursive flood fill: the largest island takes it about 500 000 calls deep, which the stack
// holds (it may use the whole memory limit).
#include <bits/stdc++.h>
using namespace std;

static int r, c;
static vector<string> grid;

static void fill(int y, int x) {
    if (y < 0 || y >= r || x < 0 || x >= c || grid[y][x] != '1') return;
    grid[y][x] = '0';
    fill(y - 1, x);
    fill(y + 1, x);
    fill(y, x - 1);
    fill(y, x + 1);
}

int main() {
    ios::sync_with_stdio(false);
    cin >> r >> c;
    grid.resize(r);
    for (auto &row : grid) cin >> row;
    int islands = 0;
    for (int y = 0; y < r; y++)
        for (int x = 0; x < c; x++)
            if (grid[y][x] == '1') {
                islands++;
                fill(y, x);
            }
    cout << islands << '\n';
}
