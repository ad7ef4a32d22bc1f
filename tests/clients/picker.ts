// The picker's logic over the generated types: which numbers a person may pick, and the input
// that saves one. `tsc --strict` fails if the schema stops giving what a picker needs (the
// candidates, the allowed selections, a typed mutation input).
import type {
  CallerIdSelection,
  PickerPeopleQuery,
  PickerSetCallerIdMutation,
  PickerSetCallerIdMutationVariables,
} from './generated/types';

type Location = NonNullable<PickerPeopleQuery['location']>;
type Person = Location['people']['nodes'][number];

/** The numbers a person may pick as a custom caller ID that they do not show yet. */
export function choices(person: Person): string[] {
  const settings = person.callerId;
  if (!settings || !settings.allowed.includes('CUSTOM' satisfies CallerIdSelection)) return [];
  return settings.candidates.nodes
    .map((n) => n.phoneNumber)
    .filter((n) => n !== settings.shownNumber);
}

/** The mutation's variables for picking `number` (a dry run first, if asked). */
export function pick(
  person: Person,
  number: string,
  dryRun = false,
): PickerSetCallerIdMutationVariables {
  return {
    input: { id: person.id, selected: 'CUSTOM', customNumber: number, dryRun, clientMutationId: `pick-${person.id}` },
  };
}

/** What the saved settings show, from the payload's owner (a Node: narrowed to Person). */
export function shownAfter(result: PickerSetCallerIdMutation): string | null {
  const owner = result.setCallerId.owner;
  if (owner?.__typename !== 'Person') return null;
  return owner.callerId?.shownNumber ?? null;
}
