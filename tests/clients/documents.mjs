// What the Apollo Client scripts (picker.mjs, jobs.mjs) share: the operations as written in
// operations/*.graphql (the same documents codegen and tsc check), one operation at a time, and
// the schema's possible types for Apollo's cache.
import { readFileSync } from 'node:fs';
import { gql } from '@apollo/client';
import { buildSchema, isAbstractType, visit } from 'graphql';

// The operations of one file of operations/.
export const read = (file) => gql(readFileSync(new URL(`./operations/${file}`, import.meta.url), 'utf8'));

// One operation of `document` and the fragments it spreads (an unused fragment is a validation
// error).
export const operation = (document, name) => {
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

// Apollo matches `... on Owner` (an interface) only with the schema's possible types, which
// Apollo's docs have apps generate from the schema: here, from schema.graphql as is.
const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
export const possibleTypes = Object.fromEntries(
  Object.values(schema.getTypeMap())
    .filter(isAbstractType)
    .map((t) => [t.name, schema.getPossibleTypes(t).map((p) => p.name)]),
);
