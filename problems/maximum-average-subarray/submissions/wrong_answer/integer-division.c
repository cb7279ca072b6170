#include <stdio.h>

/* Wrong: integer division truncates the average. */
int main(void) {
    int n, k;
    if (scanf("%d %d", &n, &k) != 2) return 1;
    static int a[100000];
    for (int i = 0; i < n; i++) scanf("%d", &a[i]);
    long long sum = 0, best;
    for (int i = 0; i < k; i++) sum += a[i];
    best = sum;
    for (int i = k; i < n; i++) {
        sum += a[i] - a[i - k];
        if (sum > best) best = sum;
    }
    printf("%lld\n", best / k);
    return 0;
}
