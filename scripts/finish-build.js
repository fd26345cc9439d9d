// Completes `tsc`'s output: copies the Handlebars templates next to the compiled code (tsc only
// emits .js), and makes the CLI executable again (tsc rewrites dist/cli.js without the exec bit,
// which would break `npx lpse-helpdesk` after any rebuild).
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..');
const from = path.join(root, 'src', 'templates');
const to = path.join(root, 'dist', 'templates');
if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true, filter: (p) => !p.endsWith('.ts') });
fs.chmodSync(path.join(root, 'dist', 'cli.js'), 0o755);
