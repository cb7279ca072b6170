#include <stdio.h>
#include <string.h>

static char s[100005 + 8];

int main(void) {
    if (!fgets(s, sizeof s, stdin)) return 0;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    for (size_t i = 0, j = n; i + 1 < j; i++, j--) {
        char t = s[i];
        s[i] = s[j - 1];
        s[j - 1] = t;
    }
    s[n] = '\n';
    fwrite(s, 1, n + 1, stdout);
    return 0;
}
