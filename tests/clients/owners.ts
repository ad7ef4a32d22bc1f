// Consumes the generated types the way an app does: a `switch` on `__typename` over the owner
// union. `tsc --strict` fails if the schema's types stop narrowing.
import type { OwnersQuery } from './generated/types';

type Node = OwnersQuery['availableCallerIdNumbers']['nodes'][number];
type Owner = NonNullable<Node['owner']>;

export function describeOwner(owner: Owner): string {
  switch (owner.__typename) {
    case 'Person':
      return `${owner.displayName ?? owner.id} <${(owner.emails ?? []).join(', ')}>`;
    case 'HuntGroup':
      return `${owner.name ?? owner.id} (extension ${owner.extension ?? 'none'})`;
    case 'Workspace':
      return `${owner.displayName ?? owner.id} seats ${owner.capacity ?? 0}`;
    default:
      return `${owner.__typename}: ${owner.displayName ?? owner.rawType}`;
  }
}

export function describeRow(node: Node): string {
  const owner = node.owner ? describeOwner(node.owner) : 'unassigned';
  return `${node.phoneNumber}${node.isMainNumber ? ' (main)' : ''}: ${owner}`;
}

export function nextCursor(page: OwnersQuery['availableCallerIdNumbers']['pageInfo']): string | null {
  return page.hasNextPage ? (page.endCursor ?? null) : null;
}
