const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = data[0];
const tails = new Float64Array(Math.max(n, 1));
let len = 0;
for (let i = 1; i <= n; i++) {
    const x = data[i];
    let lo = 0, hi = len;  // first tail >= x
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tails[mid] < x) lo = mid + 1; else hi = mid;
    }
    tails[lo] = x;
    if (lo === len) len++;
}
console.log(len);
