// Container health check for the gateway and the desks subgraph: asks `{ __typename }` of the
// GraphQL endpoint and exits 0 on a 2xx answer with data, 1 otherwise (Node has no curl).
//
// Usage: node health.mjs URL
const [url] = process.argv.slice(2);
try {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
    signal: AbortSignal.timeout(3000),
  });
  const body = await response.json();
  process.exit(response.ok && body?.data ? 0 : 1);
} catch {
  process.exit(1);
}
