// The compose stack's federation gateway: Hive Gateway serving the supergraph composed from the
// subgraphs it is pointed at, forwarding each caller's Authorization header (callerid-graphql
// answers with the caller's own Webex token, so a gateway that dropped it would be useless).
//
// Environment:
//   SUBGRAPHS           name=url pairs, comma-separated (required), e.g.
//                       callerid=http://callerid:8080/graphql,desks=http://desks:4001/graphql
//   GATEWAY_LISTEN      host:port (default 0.0.0.0:4000; port 0 picks a free one)
//   SUPERGRAPH_POLL_MS  how often the subgraphs' SDL is fetched again and recomposed (default 30000)
//
// It composes once before listening and exits 1 on a composition error, so a broken supergraph
// never serves; later recompositions that fail keep the last good supergraph.
import { createServer } from 'node:http';
import { composeServices } from '@apollo/composition';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { parse } from 'graphql';
import { listenAddress, stopOnSignals } from './listen.mjs';

const subgraphs = (process.env.SUBGRAPHS ?? '')
  .split(',')
  .map((pair) => pair.trim())
  .filter(Boolean)
  .map((pair) => {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const url = pair.slice(at + 1);
    if (at <= 0 || !URL.canParse(url)) {
      console.error(`SUBGRAPHS: expected name=url, got ${JSON.stringify(pair)}`);
      process.exit(2);
    }
    return { name, url };
  });
if (subgraphs.length === 0) {
  console.error('SUBGRAPHS is empty: name the subgraphs to compose, e.g. callerid=http://callerid:8080/graphql');
  process.exit(2);
}
const pollingInterval = Number(process.env.SUPERGRAPH_POLL_MS ?? 30000);

/** Each subgraph's SDL, as `_service { sdl }` gives it, composed; throws on any failure. */
async function compose() {
  const services = await Promise.all(
    subgraphs.map(async ({ name, url }) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
        signal: AbortSignal.timeout(5000),
      });
      const sdl = (await response.json())?.data?._service?.sdl;
      if (!sdl) throw new Error(`${name} (${url}) gave no _service.sdl (HTTP ${response.status})`);
      return { name, url, typeDefs: parse(sdl) };
    }),
  );
  const composed = composeServices(services);
  if (composed.errors?.length) {
    throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  }
  return composed.supergraphSdl;
}

let current;
try {
  current = await compose();
} catch (error) {
  console.error(`gateway: ${error.message}`);
  process.exit(1);
}

const gateway = createGatewayRuntime({
  supergraph: async () => {
    try {
      current = await compose();
    } catch (error) {
      console.error(`gateway: keeping the last supergraph: ${error.message}`);
    }
    return current;
  },
  pollingInterval,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const authorization = request.headers.get('authorization');
      return authorization ? { authorization } : {};
    },
  },
  logging: 'warn',
});

const { host, port } = listenAddress(process.env.GATEWAY_LISTEN, 4000);
const server = createServer(gateway);
await new Promise((resolve) => server.listen(port, host, resolve));
const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
console.log(`gateway ready url=http://${shown}:${server.address().port}/graphql subgraphs=${subgraphs.map((s) => s.name).join(',')}`);
stopOnSignals(async () => {
  await new Promise((resolve) => server.close(resolve));
  await gateway[Symbol.asyncDispose]?.();
});
