// A real supergraph: callerid-graphql plus a tiny second subgraph ("desks") that extends Location
// and Person, composed with Apollo's composition (failing on any composition error), served by
// both Apollo Gateway and Hive Gateway, each forwarding the caller's Authorization header.
//
// Usage: node supergraph.mjs SERVICE_URL TOKEN LOCATION_ID
// Exits 1 on any difference from what a platform team expects; prints what it checked.
import { createServer } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { composeServices } from '@apollo/composition';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { parse } from 'graphql';

const [ours, token, locationId] = process.argv.slice(2);
if (!ours || !token || !locationId) {
  console.error('usage: node supergraph.mjs SERVICE_URL TOKEN LOCATION_ID');
  process.exit(2);
}
const fail = (what) => {
  console.error(`FAIL: ${what}`);
  process.exit(1);
};

// The second subgraph: every location has desks, every person a badge.
const desksTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Location @key(fields: "id") { id: ID! deskCount: Int! }
  type Person @key(fields: "id") { id: ID! badge: String! }
`);
const desks = new ApolloServer({
  schema: buildSubgraphSchema({
    typeDefs: desksTypeDefs,
    resolvers: {
      Location: { __resolveReference: ({ id }) => ({ id, deskCount: id.length }) },
      Person: { __resolveReference: ({ id }) => ({ id, badge: `B-${id.slice(-6)}` }) },
    },
  }),
});
const { url: desksUrl } = await startStandaloneServer(desks, { listen: { port: 0, host: '127.0.0.1' } });

// Our subgraph SDL, as gateways fetch it.
const sdlAnswer = await (await fetch(ours, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ _service { sdl } }' }),
})).json();
const sdl = sdlAnswer?.data?._service?.sdl;
if (!sdl) fail(`no _service.sdl: ${JSON.stringify(sdlAnswer)}`);

const composed = composeServices([
  { name: 'callerid', typeDefs: parse(sdl), url: ours },
  { name: 'desks', typeDefs: desksTypeDefs, url: desksUrl },
]);
if (composed.errors?.length) fail(`composition: ${composed.errors.map((e) => e.message).join('; ')}`);
const { supergraphSdl } = composed;
console.log(`composed: ${composed.hints?.length ?? 0} hint(s)`);
for (const hint of composed.hints ?? []) console.log(`  hint: ${hint.definition.code}: ${hint.message}`);

// Apollo Gateway, forwarding the caller's token.
const apollo = new ApolloServer({
  gateway: new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http.headers.set('authorization', context.authorization);
        },
      }),
  }),
});
const { url: apolloUrl } = await startStandaloneServer(apollo, {
  listen: { port: 0, host: '127.0.0.1' },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});

// Hive Gateway, forwarding the caller's token.
const hive = createGatewayRuntime({
  supergraph: supergraphSdl,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') ?? '' }),
  },
  logging: false,
});
const hiveServer = createServer(hive);
await new Promise((resolve) => hiveServer.listen(0, '127.0.0.1', resolve));
const hiveUrl = `http://127.0.0.1:${hiveServer.address().port}/graphql`;

const QUERY = `query Crossing($l: ID!) {
  availableCallerIdNumbers(locationId: $l, first: 30) {
    nodes {
      phoneNumber
      location { id name deskCount }
      owner { __typename ... on Person { id emails badge } }
    }
  }
}`;
const ask = async (url, bearer) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${bearer}`,
    },
    body: JSON.stringify({ query: QUERY, variables: { l: locationId } }),
  });
  return response.json();
};

const answers = {};
for (const [name, url] of [['apollo', apolloUrl], ['hive', hiveUrl]]) {
  const result = await ask(url, token);
  if (result.errors?.length) fail(`${name}: ${JSON.stringify(result.errors)}`);
  const nodes = result?.data?.availableCallerIdNumbers?.nodes ?? [];
  if (nodes.length !== 30) fail(`${name}: ${nodes.length} numbers`);
  if (!nodes.every((n) => n.location.deskCount === n.location.id.length)) fail(`${name}: deskCount missing`);
  const people = nodes.filter((n) => n.owner?.__typename === 'Person');
  if (people.length === 0) fail(`${name}: no people on the page`);
  if (!people.every((n) => n.owner.emails?.[0]?.includes('@') && n.owner.badge?.startsWith('B-'))) {
    fail(`${name}: a person lacks emails (our subgraph, with the token) or badge (the other)`);
  }
  answers[name] = JSON.stringify(result.data);
  console.log(`${name}: 30 numbers, ${people.length} people joined across both subgraphs`);
}
if (answers.apollo !== answers.hive) fail('the two gateways answered differently');

// An error from our subgraph keeps its code and tracking id through each gateway.
for (const [name, url] of [['apollo', apolloUrl], ['hive', hiveUrl]]) {
  const result = await ask(url, 'demo-no-scope-token');
  const error = result.errors?.[0];
  if (error?.extensions?.code !== 'FORBIDDEN') fail(`${name}: error code ${JSON.stringify(result.errors)}`);
  if (!error?.extensions?.trackingId) fail(`${name}: trackingId lost ${JSON.stringify(result.errors)}`);
  console.log(`${name}: FORBIDDEN with trackingId ${error.extensions.trackingId}`);
}

// The picker's write through each gateway: setCallerId is routed to our subgraph with the
// token, and its payload's Person joins the other subgraph's badge.
const post = async (target, query, variables) => {
  const response = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
};
const listed = await post(
  ours,
  `query($l: ID!) { location(id: $l) { people(first: 20) { nodes { id callerId { allowed shownNumber
     candidates(first: 20) { nodes { phoneNumber } } } } } } }`,
  { l: locationId },
);
const person = listed?.data?.location?.people?.nodes?.find(
  (p) => p.callerId?.allowed.includes('CUSTOM') && p.callerId.candidates.nodes.length >= 3,
);
if (!person) fail(`no person with three candidates: ${JSON.stringify(listed)}`);
const SET = `mutation Pick($input: SetCallerIdInput!) { setCallerId(input: $input) {
  changed owner { __typename id ... on Person { badge callerId { selected shownNumber } } } } }`;
const picks = person.callerId.candidates.nodes
  .map((n) => n.phoneNumber)
  .filter((n) => n !== person.callerId.shownNumber);
for (const [i, [name, url]] of [['apollo', apolloUrl], ['hive', hiveUrl]].entries()) {
  const number = picks[i];
  const result = await post(url, SET, { input: { id: person.id, selected: 'CUSTOM', customNumber: number } });
  if (result.errors?.length) fail(`${name}: setCallerId: ${JSON.stringify(result.errors)}`);
  const owner = result.data.setCallerId.owner;
  if (owner.__typename !== 'Person' || owner.id !== person.id) fail(`${name}: owner ${JSON.stringify(owner)}`);
  if (owner.callerId.shownNumber !== number) fail(`${name}: shows ${owner.callerId.shownNumber}, not ${number}`);
  if (!owner.badge?.startsWith('B-')) fail(`${name}: the payload's Person lacks the other subgraph's badge`);
  const readBack = await post(ours, `query($id: ID!) { node(id: $id) { ... on Person { callerId { shownNumber } } } }`, {
    id: person.id,
  });
  if (readBack.data?.node?.callerId?.shownNumber !== number) fail(`${name}: the change did not reach Webex`);
  console.log(`${name}: setCallerId saved ${number}, payload joined with badge ${owner.badge}`);
}

await apollo.stop();
await desks.stop();
await new Promise((resolve) => hiveServer.close(resolve));
await hive[Symbol.asyncDispose]?.();
console.log('supergraph: ok');
process.exit(0);
