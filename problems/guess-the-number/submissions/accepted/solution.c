#include <stdio.h>
#include <string.h>

int main(void) {
  long lo = 1, hi = 1000000;
  char answer[32];
  while (lo <= hi) {
    long mid = (lo + hi) / 2;
    printf("%ld\n", mid);
    fflush(stdout);
    if (scanf("%31s", answer) != 1 || strcmp(answer, "correct") == 0) break;
    if (strcmp(answer, "higher") == 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
