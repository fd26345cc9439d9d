// Copies the Handlebars templates next to the compiled code, since tsc only emits .js.
const fs = require('node:fs');
const path = require('node:path');
const from = path.join(__dirname, '..', 'src', 'templates');
const to = path.join(__dirname, '..', 'dist', 'templates');
if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true, filter: (p) => !p.endsWith('.ts') });
