#include <stdio.h>

/* Wrong: 32-bit ints overflow for |a|, |b| up to 10^18. */
int main(void) {
    int a, b;
    if (scanf("%d %d", &a, &b) != 2) return 1;
    printf("%d\n", a + b);
    return 0;
}
