const [a, b] = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const n = a.length, m = b.length;
let prev = new Int32Array(m + 1), cur = new Int32Array(m + 1);
for (let j = 0; j <= m; j++) prev[j] = j;
for (let i = 1; i <= n; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
        const replace = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, replace);
    }
    [prev, cur] = [cur, prev];
}
console.log(prev[m]);
