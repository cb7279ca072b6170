// Computes before its first guess, for ever.
let x = 0;
for (;;) x = (x * 31 + 7) % 1000003;
