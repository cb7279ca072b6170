const tokens = require('fs').readFileSync(0, 'latin1').split(/\s+/).filter(Boolean);
const t = Number(tokens[0]);
const OPEN_OF = { ')': '(', ']': '[', '}': '{' };

function balanced(s) {
    const stack = [];
    for (const c of s) {
        if (c === '(' || c === '[' || c === '{') stack.push(c);
        else if (stack.length === 0 || stack.pop() !== OPEN_OF[c]) return false;
    }
    return stack.length === 0;
}

const out = [];
for (let i = 1; i <= t; i++) out.push(balanced(tokens[i]) ? 'YES' : 'NO');
process.stdout.write(out.join('\n') + '\n');
