// The second subgraph of the compose stack: every location has desks, every person a badge. It
// stands in for the other teams' subgraphs a company supergraph joins with callerid-graphql.
//
// Environment: DESKS_LISTEN (host:port, default 0.0.0.0:4001; port 0 picks a free one).
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { listenAddress, stopOnSignals } from './listen.mjs';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  "A Webex location, as the desks service knows it."
  type Location @key(fields: "id") {
    "The Webex location id."
    id: ID!
    "Desks bookable at the location."
    deskCount: Int!
  }
  "A Webex person, as the desks service knows them."
  type Person @key(fields: "id") {
    "The Webex person id."
    id: ID!
    "The person's building badge."
    badge: String!
  }
`);

const server = new ApolloServer({
  schema: buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Location: { __resolveReference: ({ id }) => ({ id, deskCount: id.length }) },
      Person: { __resolveReference: ({ id }) => ({ id, badge: `B-${id.slice(-6)}` }) },
    },
  }),
});
const { host, port } = listenAddress(process.env.DESKS_LISTEN, 4001);
const { url } = await startStandaloneServer(server, { listen: { host, port } });
console.log(`desks ready url=${url}`);
stopOnSignals(() => server.stop());
