#include <stdio.h>
#include <stdlib.h>

/* Patience sorting: tails[len] = smallest tail of an increasing run of length len + 1. */
int main(void) {
    int n;
    if (scanf("%d", &n) != 1) return 1;
    int *tails = malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    int len = 0;
    for (int i = 0; i < n; i++) {
        int x;
        if (scanf("%d", &x) != 1) return 1;
        int lo = 0, hi = len;          /* first tail >= x */
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (tails[mid] < x) lo = mid + 1; else hi = mid;
        }
        tails[lo] = x;
        if (lo == len) len++;
    }
    printf("%d\n", len);
    free(tails);
    return 0;
}
