// The emergency callback step over the generated types: which members a person may choose, the
// input that chooses one, and what the saved setting calls back. `tsc --strict` fails if the
// schema stops giving what the step needs.
import type {
  EmergencyCallbackSelection,
  PickerEmergencyPeopleQuery,
  PickerSetEmergencyCallbackMutation,
  PickerSetEmergencyCallbackMutationVariables,
} from './generated/types';

type Location = NonNullable<PickerEmergencyPeopleQuery['location']>;
type Person = Location['people']['nodes'][number];

/** The members a person may choose (people and workspaces first: they reach a live person). */
export function members(person: Person): { id: string; name: string | null }[] {
  const candidates = person.emergencyCallback?.candidates.nodes ?? [];
  const owners = candidates.flatMap((n) =>
    n.owner && 'id' in n.owner && n.owner.id !== person.id
      ? [{ id: n.owner.id, name: n.owner.displayName ?? null, kind: n.owner.__typename }]
      : [],
  );
  const live = (kind: string) => (kind === 'Person' || kind === 'Workspace' ? 0 : 1);
  return owners.sort((a, b) => live(a.kind) - live(b.kind)).map(({ id, name }) => ({ id, name }));
}

/** The variables that make `memberId` the person's callback (a dry run first, if asked). */
export function choose(
  person: Person,
  memberId: string,
  dryRun = false,
): PickerSetEmergencyCallbackMutationVariables {
  const selected: EmergencyCallbackSelection = 'LOCATION_MEMBER_NUMBER';
  return { input: { id: person.id, selected, memberId, dryRun, clientMutationId: `ecbn-${person.id}` } };
}

/** The number emergency services would call back after the change. */
export function callsBack(result: PickerSetEmergencyCallbackMutation): string | null {
  return result.setEmergencyCallback.emergencyCallback.shownNumber ?? null;
}
