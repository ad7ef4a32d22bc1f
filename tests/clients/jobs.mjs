// A caller ID job as a front-end runs it with Apollo Client 4: the workspaces of San Jose that
// show their direct line are planned (a dry run), then changed, followed live over WebSocket with
// GraphQLWsLink (the graphql-ws client, protocol graphql-transport-ws, the token in
// connection_init), and read back from the normalized cache: the subscription's last event
// updates CallerIdJob:<id> in place, and the items update each Workspace:<id>, so the list the
// app showed first shows the new selection without another request.
//
// Usage: node jobs.mjs GRAPHQL_URL TOKEN
// Exits 1 on any difference; prints what it checked.
import { ApolloClient, HttpLink, InMemoryCache, gql, split } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { operation as operationOf, possibleTypes, read } from './documents.mjs';

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  console.error('usage: node jobs.mjs GRAPHQL_URL TOKEN');
  process.exit(2);
}
const fail = (what) => {
  console.error(`FAIL: ${what}`);
  process.exit(1);
};

const document = read('jobs.graphql');
const operation = (name) => operationOf(document, name);

let requests = 0;
const http = new HttpLink({
  uri: url,
  headers: { authorization: `Bearer ${token}` },
  fetch: (...args) => {
    requests += 1;
    return fetch(...args);
  },
});
const sockets = createClient({
  url: url.replace(/^http/, 'ws'),
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  lazy: true,
  retryAttempts: 0,
});
const client = new ApolloClient({
  link: split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(sockets),
    http,
  ),
  cache: new InMemoryCache({ possibleTypes, typePolicies: { CallerIdSettings: { merge: true } } }),
});

const locations = await client.query({
  query: gql`
    {
      locations(filter: { name: "San Jose" }) {
        nodes {
          id
          name
        }
      }
    }
  `,
});
const sanJose = locations.data.locations.nodes.find((l) => l.name === 'San Jose');
if (!sanJose) fail('no San Jose');
const listQuery = { query: operation('JobWorkspaces'), variables: { locationId: sanJose.id } };
const { data: listed } = await client.query(listQuery);
const targets = listed.location.workspaces.nodes
  .filter((w) => w.callerId?.selected === 'DIRECT_LINE' && w.callerId.allowed.includes('LOCATION_NUMBER'))
  .slice(0, 5);
if (targets.length < 2) fail(`too few workspaces to switch: ${targets.length}`);
const changes = targets.map((w) => ({ id: w.id, selected: 'LOCATION_NUMBER' }));

// Follows a job over the socket until it completes; answers its events.
const follow = (id) =>
  new Promise((resolve, reject) => {
    const events = [];
    client.subscribe({ query: operation('FollowJob'), variables: { id } }).subscribe({
      next: (result) => {
        if (result.error) reject(result.error);
        else events.push(result.data.callerIdJob);
      },
      error: reject,
      complete: () => resolve(events),
    });
  });

// The plan.
const { data: planned } = await client.mutate({
  mutation: operation('StartJob'),
  variables: { input: { changes, dryRun: true, clientMutationId: 'apollo-plan' } },
});
const plan = planned.startCallerIdJob;
if (!['QUEUED', 'RUNNING'].includes(plan.state)) fail(`the plan started ${plan.state}`);
const planEvents = await follow(plan.id);
const planned_ = planEvents.at(-1);
if (planned_.state !== 'SUCCEEDED' || planned_.wouldChange !== targets.length) {
  fail(`the plan ended ${JSON.stringify(planned_)}`);
}
console.log(`plan: ${planned_.wouldChange} would change, over ${planEvents.length} events`);

// The run, followed live.
const before = requests;
const { data: startedData } = await client.mutate({
  mutation: operation('StartJob'),
  variables: { input: { changes, clientMutationId: 'apollo-run' } },
});
const job = startedData.startCallerIdJob;
const events = await follow(job.id);
const last = events.at(-1);
if (last.state !== 'SUCCEEDED' || last.changed !== targets.length || last.pending !== 0) {
  fail(`the job ended ${JSON.stringify(last)}`);
}
if (requests !== before + 1) fail(`following the job made ${requests - before - 1} HTTP requests`);
// The subscription's last event updated the job in the cache.
const cachedJob = client.readFragment({
  id: client.cache.identify({ __typename: 'CallerIdJob', id: job.id }),
  fragment: {
    kind: 'Document',
    definitions: document.definitions.filter((d) => d.name?.value === 'JobProgress'),
  },
});
if (cachedJob?.state !== 'SUCCEEDED' || cachedJob.changed !== targets.length) {
  fail(`the cache holds ${JSON.stringify(cachedJob)}`);
}
console.log(`job ${job.id}: ${last.changed} changed, ${events.length} events over graphql-ws`);

// The items, once; then the list the app showed first, from the cache alone.
const { data: itemsData } = await client.query({ query: operation('JobItems'), variables: { id: job.id } });
const items = itemsData.callerIdJob.items.nodes;
if (items.length !== targets.length || items.some((i) => i.outcome !== 'CHANGED')) {
  fail(`items: ${JSON.stringify(items)}`);
}
const afterItems = requests;
const cachedList = client.readQuery(listQuery);
for (const w of targets) {
  const now = cachedList.location.workspaces.nodes.find((n) => n.id === w.id);
  if (now.callerId.selected !== 'LOCATION_NUMBER') fail(`${w.displayName} still shows ${now.callerId.selected}`);
}
if (requests !== afterItems) fail('reading the list from the cache made a request');
console.log(`cache updated in place: ${targets.length} workspaces show LOCATION_NUMBER; ${requests} HTTP requests in all`);
await sockets.dispose();
console.log('jobs: ok');
