/* Waits for the judge to speak first: the judge waits for a guess, so both wait (a deadlock). */
#include <stdio.h>

int main(void) {
  char answer[32];
  if (scanf("%31s", answer) == 1) printf("%s\n", answer);
  return 0;
}
