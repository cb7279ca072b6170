// Distances stay below 10^14 < 2^53, so doubles are exact.
const buf = require('fs').readFileSync(0);
let pos = 0;
function nextInt() {
    while (buf[pos] < 48 && buf[pos] !== 45) pos++;
    let neg = false;
    if (buf[pos] === 45) { neg = true; pos++; }
    let x = 0;
    while (pos < buf.length && buf[pos] >= 48) x = x * 10 + (buf[pos++] - 48);
    return neg ? -x : x;
}

const n = nextInt(), m = nextInt();
const eu = new Int32Array(m), ev = new Int32Array(m), ew = new Float64Array(m);
const start = new Int32Array(n + 2);
for (let i = 0; i < m; i++) {
    eu[i] = nextInt(); ev[i] = nextInt(); ew[i] = nextInt();
    start[eu[i] + 1]++;
}
for (let i = 1; i <= n + 1; i++) start[i] += start[i - 1];
const to = new Int32Array(m), wt = new Float64Array(m), fill = start.slice();
for (let i = 0; i < m; i++) {
    const p = fill[eu[i]]++;
    to[p] = ev[i];
    wt[p] = ew[i];
}

// Binary heap of (distance, vertex) with lazy deletion.
const hkey = new Float64Array(m + 2), hval = new Int32Array(m + 2);
let hsize = 0;
function push(k, v) {
    let i = hsize++;
    while (i > 0) {
        const p = (i - 1) >> 1;
        if (hkey[p] <= k) break;
        hkey[i] = hkey[p]; hval[i] = hval[p];
        i = p;
    }
    hkey[i] = k; hval[i] = v;
}
function pop() {
    const k = hkey[--hsize], v = hval[hsize];
    let i = 0;
    for (;;) {
        let c = 2 * i + 1;
        if (c >= hsize) break;
        if (c + 1 < hsize && hkey[c + 1] < hkey[c]) c++;
        if (hkey[c] >= k) break;
        hkey[i] = hkey[c]; hval[i] = hval[c];
        i = c;
    }
    hkey[i] = k; hval[i] = v;
}

const dist = new Float64Array(n + 1).fill(-1);
dist[1] = 0;
push(0, 1);
while (hsize > 0) {
    const d = hkey[0], u = hval[0];
    pop();
    if (d !== dist[u]) continue;
    for (let p = start[u]; p < start[u + 1]; p++) {
        const v = to[p], nd = d + wt[p];
        if (dist[v] < 0 || nd < dist[v]) {
            dist[v] = nd;
            push(nd, v);
        }
    }
}
process.stdout.write(Array.from(dist.subarray(1)).join(' ') + '\n');
