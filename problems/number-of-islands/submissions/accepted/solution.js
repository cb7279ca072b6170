const tokens = require('fs').readFileSync(0, 'latin1').split(/\s+/).filter(Boolean);
const r = Number(tokens[0]), c = Number(tokens[1]);
const w = c + 2;
const g = new Uint8Array((r + 2) * w);  // border of water
for (let i = 0; i < r; i++) {
    const row = tokens[2 + i];
    const base = (i + 1) * w + 1;
    for (let j = 0; j < c; j++) g[base + j] = row.charCodeAt(j) === 49 ? 1 : 0;
}
const stack = new Int32Array(g.length);
let islands = 0;
for (let p = 0; p < g.length; p++) {
    if (!g[p]) continue;
    islands++;
    let top = 0;
    g[p] = 0;
    stack[top++] = p;
    while (top > 0) {
        const q = stack[--top];
        if (g[q - 1]) { g[q - 1] = 0; stack[top++] = q - 1; }
        if (g[q + 1]) { g[q + 1] = 0; stack[top++] = q + 1; }
        if (g[q - w]) { g[q - w] = 0; stack[top++] = q - w; }
        if (g[q + w]) { g[q + w] = 0; stack[top++] = q + w; }
    }
}
console.log(islands);
