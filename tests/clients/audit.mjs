// The GraphQL-over-HTTP server audit (npm `graphql-http`) against a running callerid-graphql.
//
// Usage: node audit.mjs URL TOKEN
// Every request carries `Authorization: Bearer TOKEN`, as a real client's would. Exits 1 when a
// MUST or SHOULD audit fails unless README.md lists its id under "GraphQL over HTTP" with the
// spec's reason; prints one line per audit and the counts per level.
import { readFileSync } from 'node:fs';
import { auditServer } from 'graphql-http';

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  console.error('usage: node audit.mjs URL TOKEN');
  process.exit(2);
}

// Audit ids the README documents as deliberately skipped (a line `- audit \`ID\`: reason`).
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const allowed = new Set([...readme.matchAll(/^- audit `([0-9A-F]{4})`: .+$/gm)].map((m) => m[1]));

const fetchFn = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

const results = await auditServer({ url, fetchFn });
const counts = {};
let failed = 0;
for (const r of results) {
  const level = r.name.split(' ')[0];
  counts[level] ??= { ok: 0, total: 0 };
  counts[level].total += 1;
  if (r.status === 'ok') {
    counts[level].ok += 1;
    continue;
  }
  const excused = allowed.has(r.id);
  if (!excused && (level === 'MUST' || level === 'SHOULD')) failed += 1;
  console.log(`${r.status}${excused ? ' (README: skipped)' : ''} ${r.id} ${r.name}: ${r.reason}`);
}
for (const [level, { ok, total }] of Object.entries(counts)) {
  console.log(`${level} ${ok}/${total}`);
}
if (failed > 0) {
  console.log(`${failed} MUST/SHOULD audit(s) failed`);
  process.exit(1);
}
