#include <stdio.h>
#include <stdlib.h>

/* Flood fill with an explicit stack: a recursive DFS would overflow on a
 * 1000 x 1000 snake-shaped island. The grid has a border of water. */
int main(void) {
    int r, c;
    if (scanf("%d %d", &r, &c) != 2) return 1;
    int w = c + 2;
    size_t cells = (size_t)(r + 2) * (size_t)w;
    unsigned char *g = calloc(cells, 1);
    int *stack = malloc(sizeof(int) * cells);
    char *row = malloc((size_t)c + 1);
    for (int i = 0; i < r; i++) {
        if (scanf("%s", row) != 1) return 1;
        for (int j = 0; j < c; j++) g[(i + 1) * w + j + 1] = row[j] == '1';
    }
    long islands = 0;
    for (size_t p = 0; p < cells; p++) {
        if (!g[p]) continue;
        islands++;
        int top = 0;
        g[p] = 0;
        stack[top++] = (int)p;
        while (top > 0) {
            int q = stack[--top];
            int nb[4] = {q - 1, q + 1, q - w, q + w};
            for (int d = 0; d < 4; d++)
                if (g[nb[d]]) {
                    g[nb[d]] = 0;
                    stack[top++] = nb[d];
                }
        }
    }
    printf("%ld\n", islands);
    free(g);
    free(stack);
    free(row);
    return 0;
}
