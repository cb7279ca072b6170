// Correct but O(n * m) in the worst case: Bellman-Ford, stopping early when a round changes nothing.
#include <bits/stdc++.h>
using namespace std;

int main() {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 1;
    vector<int> from(m), to(m);
    vector<long long> weight(m);
    for (int i = 0; i < m; i++) scanf("%d %d %lld", &from[i], &to[i], &weight[i]);
    const long long INF = LLONG_MAX;
    vector<long long> dist(n + 1, INF);
    dist[1] = 0;
    for (int round = 1; round < n; round++) {
        bool changed = false;
        for (int i = 0; i < m; i++) {
            if (dist[from[i]] != INF && dist[from[i]] + weight[i] < dist[to[i]]) {
                dist[to[i]] = dist[from[i]] + weight[i];
                changed = true;
            }
        }
        if (!changed) break;
    }
    for (int v = 1; v <= n; v++) printf(v > 1 ? " %lld" : "%lld", dist[v] == INF ? -1LL : dist[v]);
    printf("\n");
    return 0;
}
