#include <stdio.h>
#include <string.h>

#define MAXLEN 1000000

static char s[MAXLEN + 1];
static char stack[MAXLEN];

static int balanced(const char *p) {
    int top = 0;
    for (; *p; p++) {
        char c = *p;
        if (c == '(' || c == '[' || c == '{') {
            stack[top++] = c;
        } else {
            char open = c == ')' ? '(' : c == ']' ? '[' : '{';
            if (top == 0 || stack[top - 1] != open) return 0;
            top--;
        }
    }
    return top == 0;
}

int main(void) {
    int t;
    if (scanf("%d", &t) != 1) return 1;
    while (t--) {
        if (scanf("%1000000s", s) != 1) return 1;
        puts(balanced(s) ? "YES" : "NO");
    }
    return 0;
}
