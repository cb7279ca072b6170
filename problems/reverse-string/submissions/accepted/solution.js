let s = require('fs').readFileSync(0, 'latin1');
const nl = s.indexOf('\n');
if (nl >= 0) s = s.slice(0, nl);
if (s.endsWith('\r')) s = s.slice(0, -1);
process.stdout.write(s.split('').reverse().join('') + '\n');
