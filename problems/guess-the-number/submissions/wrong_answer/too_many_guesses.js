// Counts up from 1, one guess per answer: far more than 20 guesses for most numbers.
const readline = require('readline');
const lines = readline.createInterface({ input: process.stdin });
let guess = 1;
process.stdout.write(`${guess}\n`);
lines.on('line', (answer) => {
  if (answer.trim() === 'correct') return lines.close();
  guess += 1;
  process.stdout.write(`${guess}\n`);
});
