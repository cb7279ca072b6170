const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = data[0], k = data[1];
const a = data.slice(2, 2 + n);
let sum = 0;
for (let i = 0; i < k; i++) sum += a[i];
let best = sum;
for (let i = k; i < n; i++) {
    sum += a[i] - a[i - k];
    if (sum > best) best = sum;
}
// toFixed, not toString: toString would print 1e-7 for tiny values.
console.log((best / k).toFixed(7));
