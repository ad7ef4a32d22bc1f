// The caller ID picker as a front-end writes it, with Apollo Client 4 and its normalized cache,
// against the running service: locations → a location's people with their caller ID and
// candidates → setCallerId. It then reads the people query back from the cache alone: the new
// selection must be there without another request, because the payload's `owner` is the same
// Person (`Person:<id>`) the list holds.
//
// Usage: node picker.mjs GRAPHQL_URL TOKEN
// Exits 1 on any difference; prints what it checked.
import { readFileSync } from 'node:fs';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { visit } from 'graphql';

const [url, token] = process.argv.slice(2);
if (!url || !token) {
  console.error('usage: node picker.mjs GRAPHQL_URL TOKEN');
  process.exit(2);
}
const fail = (what) => {
  console.error(`FAIL: ${what}`);
  process.exit(1);
};

// The same document codegen and tsc check (operations/picker.graphql).
const document = gql(readFileSync(new URL('./operations/picker.graphql', import.meta.url), 'utf8'));
// One operation and the fragments it spreads (an unused fragment is a validation error).
const operation = (name) => {
  const fragments = new Map(
    document.definitions.filter((d) => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]),
  );
  const wanted = [document.definitions.find((d) => d.name?.value === name)];
  for (let i = 0; i < wanted.length; i += 1) {
    visit(wanted[i], {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !wanted.includes(fragment)) wanted.push(fragment);
      },
    });
  }
  return { ...document, definitions: wanted };
};

let requests = 0;
const client = new ApolloClient({
  link: new HttpLink({
    uri: url,
    headers: { authorization: `Bearer ${token}` },
    fetch: (...args) => {
      requests += 1;
      return fetch(...args);
    },
  }),
  cache: new InMemoryCache({
    // Caller ID settings have no id of their own: they belong to their entity, so a newer answer
    // merges into the one the cache holds (keeping `candidates`) instead of replacing it.
    typePolicies: { CallerIdSettings: { merge: true } },
  }),
});

const { data: located } = await client.query({
  query: operation('PickerLocations'),
  variables: { name: 'San Jose' },
});
const location = located.locations.nodes.find((l) => l.name === 'San Jose');
if (!location) fail(`no San Jose in ${JSON.stringify(located)}`);

const peopleQuery = { query: operation('PickerPeople'), variables: { locationId: location.id } };
const { data: listed } = await client.query(peopleQuery);
const people = listed.location.people.nodes;
if (people.length === 0) fail('San Jose lists no people');
const choice = people
  .filter((p) => p.callerId?.allowed.includes('CUSTOM'))
  .map((p) => ({
    person: p,
    number: p.callerId.candidates.nodes.map((n) => n.phoneNumber).find((n) => n !== p.callerId.shownNumber),
  }))
  .find((c) => c.number);
if (!choice) fail('no person has a second candidate');
const { person, number } = choice;
console.log(`picked ${number} for ${person.displayName} (shows ${person.callerId.shownNumber})`);

const before = requests;
const { data: saved } = await client.mutate({
  mutation: operation('PickerSetCallerId'),
  variables: {
    input: { id: person.id, selected: 'CUSTOM', customNumber: number, clientMutationId: 'apollo-picker' },
  },
});
if (saved.setCallerId.clientMutationId !== 'apollo-picker') fail('clientMutationId not echoed');
if (!saved.setCallerId.changed) fail('the change did not change anything');
if (requests !== before + 1) fail(`the mutation made ${requests - before} requests`);

// The list, from the cache alone: no request, and the person shows the new number.
const cached = client.readQuery(peopleQuery);
if (!cached) fail('the people query is no longer complete in the cache');
const updated = cached.location.people.nodes.find((p) => p.id === person.id);
if (updated.callerId.selected !== 'CUSTOM' || updated.callerId.shownNumber !== number) {
  fail(`the cache still shows ${JSON.stringify(updated.callerId)}`);
}
if (updated.callerId.candidates.nodes.length === 0) fail('the merge lost the candidates');
const { data: again } = await client.query({ ...peopleQuery, fetchPolicy: 'cache-first' });
if (again.location.people.nodes.find((p) => p.id === person.id).callerId.shownNumber !== number) {
  fail('cache-first answer is stale');
}
if (requests !== before + 1) fail(`reading back made ${requests - before - 1} more requests`);
console.log(`cache updated in place: ${person.displayName} shows ${number}; ${requests} requests in all`);
console.log('picker: ok');
