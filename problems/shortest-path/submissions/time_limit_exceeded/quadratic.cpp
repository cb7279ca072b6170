#include <bits/stdc++.h>
using namespace std;

// Correct but O(n^2): Dijkstra that scans every vertex for the next closest one.
int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m;
    cin >> n >> m;
    vector<vector<pair<int, int>>> adj(n + 1);
    for (int i = 0; i < m; i++) {
        int u, v, w;
        cin >> u >> v >> w;
        adj[u].push_back({v, w});
    }
    const long long INF = LLONG_MAX;
    vector<long long> dist(n + 1, INF);
    vector<char> done(n + 1, 0);
    dist[1] = 0;
    for (int it = 0; it < n; it++) {
        int u = -1;
        for (int v = 1; v <= n; v++)
            if (!done[v] && (u < 0 || dist[v] < dist[u])) u = v;
        if (dist[u] == INF) break;
        done[u] = 1;
        for (auto [v, w] : adj[u]) dist[v] = min(dist[v], dist[u] + w);
    }
    for (int i = 1; i <= n; i++) cout << (dist[i] == INF ? -1 : dist[i]) << (i < n ? ' ' : '\n');
    return 0;
}
