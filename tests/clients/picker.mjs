// The caller ID picker as a front-end writes it, with Apollo Client 4 and its normalized cache,
// against the running service: locations → a location's people with their caller ID and
// candidates → setCallerId. It then reads the people query back from the cache alone: the new
// selection must be there without another request, because the payload's `owner` is the same
// Person (`Person:<id>`) the list holds.
//
// Then the emergency callback step, the same way: a person's callback setting and the members
// they may choose → setEmergencyCallback as a dry run (the cache must not change) → the write →
// the people query read back from the cache alone, showing the new member.
//
// With a third argument, the path of Apollo's persisted query manifest
// (generated/apollo-manifest.json, from `generate-persisted-query-manifest`), it sends every
// operation as the manifest's id alone through Apollo's persisted query link, as an app does
// against a service that runs only its trusted documents.
//
// Usage: node picker.mjs GRAPHQL_URL TOKEN [MANIFEST]
// Exits 1 on any difference; prints what it checked.
import { readFileSync } from 'node:fs';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryIdsFromManifest } from '@apollo/persisted-query-lists';
import { operation as operationOf, possibleTypes, read } from './documents.mjs';

const [url, token, manifestPath] = process.argv.slice(2);
if (!url || !token) {
  console.error('usage: node picker.mjs GRAPHQL_URL TOKEN');
  process.exit(2);
}
const fail = (what) => {
  console.error(`FAIL: ${what}`);
  process.exit(1);
};

const picker = read('picker.graphql');
const emergency = read('emergency.graphql');
const operation = (name, document = picker) => operationOf(document, name);

let requests = 0;
let bodies = [];
const http = new HttpLink({
  uri: url,
  headers: { authorization: `Bearer ${token}` },
  fetch: (...args) => {
    requests += 1;
    bodies.push(JSON.parse(args[1].body));
    return fetch(...args);
  },
});
const link = manifestPath
  ? createPersistedQueryLink(
      generatePersistedQueryIdsFromManifest({
        loadManifest: () => JSON.parse(readFileSync(manifestPath, 'utf8')),
      }),
    ).concat(http)
  : http;
const client = new ApolloClient({
  link,
  cache: new InMemoryCache({
    possibleTypes,
    // Caller ID settings have no id of their own: they belong to their entity, so a newer answer
    // merges into the one the cache holds (keeping `candidates`) instead of replacing it.
    typePolicies: { CallerIdSettings: { merge: true }, EmergencyCallbackSettings: { merge: true } },
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

// The emergency callback step.
const ecbnQuery = { query: operation('PickerEmergencyPeople', emergency), variables: { locationId: location.id } };
const { data: ecbnListed } = await client.query(ecbnQuery);
const ecbnChoice = ecbnListed.location.people.nodes
  .map((p) => ({
    person: p,
    member: p.emergencyCallback?.candidates.nodes
      .map((n) => n.owner)
      .find((o) => o?.__typename === 'Person' && o.id !== p.id && o.id !== p.emergencyCallback.member?.id),
  }))
  .find((c) => c.member);
if (!ecbnChoice) fail('no person has a member to choose');
const { person: caller, member } = ecbnChoice;
const was = caller.emergencyCallback;
console.log(`callback for ${caller.displayName}: ${was.selected} ${was.shownNumber}; choosing ${member.displayName}`);
const ecbnBefore = requests;
const setEcbn = (dryRun) =>
  client.mutate({
    mutation: operation('PickerSetEmergencyCallback', emergency),
    variables: {
      input: { id: caller.id, selected: 'LOCATION_MEMBER_NUMBER', memberId: member.id, dryRun, clientMutationId: 'apollo-ecbn' },
    },
  });
const { data: planned } = await setEcbn(true);
const plan = planned.setEmergencyCallback;
if (!plan.dryRun || !plan.changed) fail(`the dry run answered ${JSON.stringify(plan)}`);
if (plan.emergencyCallback.member?.id !== member.id) fail('the dry run does not show the member');
const afterPlan = client.readQuery(ecbnQuery).location.people.nodes.find((p) => p.id === caller.id);
if (afterPlan.emergencyCallback.selected !== was.selected) fail('a dry run changed the cached setting');
const { data: written } = await setEcbn(false);
if (written.setEmergencyCallback.clientMutationId !== 'apollo-ecbn') fail('clientMutationId not echoed');
const calledBack = written.setEmergencyCallback.emergencyCallback.shownNumber;
const ecbnCached = client.readQuery(ecbnQuery).location.people.nodes.find((p) => p.id === caller.id);
if (ecbnCached.emergencyCallback.member?.id !== member.id || ecbnCached.emergencyCallback.shownNumber !== calledBack) {
  fail(`the cache still shows ${JSON.stringify(ecbnCached.emergencyCallback)}`);
}
if (ecbnCached.emergencyCallback.candidates.nodes.length === 0) fail('the merge lost the candidates');
if (requests !== ecbnBefore + 2) fail(`the emergency callback step made ${requests - ecbnBefore} requests, not 2`);
console.log(`cache updated in place: ${caller.displayName} is called back on ${calledBack} (${member.displayName})`);
console.log('emergency callback: ok');

if (manifestPath) {
  const withText = bodies.filter((b) => b.query !== undefined);
  if (withText.length > 0) fail(`sent a document's text: ${JSON.stringify(withText[0])}`);
  console.log(`persisted: ${bodies.length} requests, every one by its manifest id alone`);
}
