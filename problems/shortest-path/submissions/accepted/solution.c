#include <stdio.h>
#include <stdlib.h>

/* Dijkstra with a binary heap of (distance, vertex) and lazy deletion. */
static long long *hkey;
static int *hval;
static int hsize;

static void heap_push(long long k, int v) {
    int i = hsize++;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (hkey[p] <= k) break;
        hkey[i] = hkey[p];
        hval[i] = hval[p];
        i = p;
    }
    hkey[i] = k;
    hval[i] = v;
}

static void heap_pop(void) {
    long long k = hkey[--hsize];
    int v = hval[hsize], i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= hsize) break;
        if (c + 1 < hsize && hkey[c + 1] < hkey[c]) c++;
        if (hkey[c] >= k) break;
        hkey[i] = hkey[c];
        hval[i] = hval[c];
        i = c;
    }
    hkey[i] = k;
    hval[i] = v;
}

int main(void) {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 1;
    int *eu = malloc(sizeof(int) * (size_t)(m + 1)), *ev = malloc(sizeof(int) * (size_t)(m + 1));
    int *ew = malloc(sizeof(int) * (size_t)(m + 1));
    int *start = calloc((size_t)n + 2, sizeof(int));
    for (int i = 0; i < m; i++) {
        if (scanf("%d %d %d", &eu[i], &ev[i], &ew[i]) != 3) return 1;
        start[eu[i] + 1]++;
    }
    for (int i = 1; i <= n + 1; i++) start[i] += start[i - 1];
    /* Adjacency in compressed form: edges of u are to[start[u] .. start[u+1]). */
    int *to = malloc(sizeof(int) * (size_t)(m + 1)), *wt = malloc(sizeof(int) * (size_t)(m + 1));
    int *fill = malloc(sizeof(int) * (size_t)(n + 2));
    for (int i = 0; i <= n + 1; i++) fill[i] = start[i];
    for (int i = 0; i < m; i++) {
        int p = fill[eu[i]]++;
        to[p] = ev[i];
        wt[p] = ew[i];
    }
    long long *dist = malloc(sizeof(long long) * (size_t)(n + 1));
    for (int i = 0; i <= n; i++) dist[i] = -1;
    hkey = malloc(sizeof(long long) * (size_t)(m + 2));
    hval = malloc(sizeof(int) * (size_t)(m + 2));
    dist[1] = 0;
    heap_push(0, 1);
    while (hsize > 0) {
        long long d = hkey[0];
        int u = hval[0];
        heap_pop();
        if (d != dist[u]) continue;
        for (int p = start[u]; p < start[u + 1]; p++) {
            long long nd = d + wt[p];
            int v = to[p];
            if (dist[v] < 0 || nd < dist[v]) {
                dist[v] = nd;
                heap_push(nd, v);
            }
        }
    }
    for (int i = 1; i <= n; i++) printf(i < n ? "%lld " : "%lld\n", dist[i]);
    return 0;
}
