// Reads the judge's answers as they come, line by line; each guess is written at once.
const readline = require('readline');
const lines = readline.createInterface({ input: process.stdin });
let lo = 1;
let hi = 1000000;
let mid = 0;
function guess() {
  mid = Math.floor((lo + hi) / 2);
  process.stdout.write(`${mid}\n`);
}
lines.on('line', (answer) => {
  answer = answer.trim();
  if (answer === 'correct') return lines.close();
  if (answer === 'higher') lo = mid + 1;
  else hi = mid - 1;
  guess();
});
guess();
