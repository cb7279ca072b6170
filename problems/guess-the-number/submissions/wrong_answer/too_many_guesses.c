/* Guesses upwards in steps of 1000, then one by one: far more than 20 guesses. */
#include <stdio.h>
#include <string.h>

int main(void) {
  char answer[32];
  for (long guess = 1000; guess <= 1000000; guess += 1000) {
    printf("%ld\n", guess);
    fflush(stdout);
    if (scanf("%31s", answer) != 1 || strcmp(answer, "correct") == 0) return 0;
    if (strcmp(answer, "lower") == 0) {
      for (long g = guess - 999; g < guess; g++) {
        printf("%ld\n", g);
        fflush(stdout);
        if (scanf("%31s", answer) != 1 || strcmp(answer, "correct") == 0) return 0;
      }
    }
  }
  return 0;
}
