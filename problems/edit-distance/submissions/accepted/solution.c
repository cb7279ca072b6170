#include <stdio.h>
#include <string.h>

#define MAXLEN 2000

static char a[MAXLEN + 1], b[MAXLEN + 1];
static int prev[MAXLEN + 1], cur[MAXLEN + 1];

static int min3(int x, int y, int z) {
    int m = x < y ? x : y;
    return m < z ? m : z;
}

int main(void) {
    if (scanf("%2000s %2000s", a, b) != 2) return 1;
    int n = (int)strlen(a), m = (int)strlen(b);
    for (int j = 0; j <= m; j++) prev[j] = j;
    for (int i = 1; i <= n; i++) {
        cur[0] = i;
        for (int j = 1; j <= m; j++)
            cur[j] = min3(prev[j] + 1,                            /* delete a[i-1] */
                          cur[j - 1] + 1,                         /* insert b[j-1] */
                          prev[j - 1] + (a[i - 1] != b[j - 1]));  /* replace / keep */
        memcpy(prev, cur, sizeof(int) * (size_t)(m + 1));
    }
    printf("%d\n", prev[m]);
    return 0;
}
