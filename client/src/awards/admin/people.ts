import type { PublicUser } from '@yunzhan/shared';

// The organiser's page names people rather than account ids: the audit log's "By" column, the
// judges' progress bars and the judges list all show "display name (username)". The accounts come
// from GET /api/users, loaded once for the page.

/** What a label needs of an account. */
export type Person = Pick<PublicUser, 'displayName' | 'username'>;

/** Accounts by id, for turning ids into names. */
export type PeopleDirectory = ReadonlyMap<string, Person>;

/** "display name (username)"; just the username when the display name is blank or the same. */
export function personLabel(person: Person): string {
  const name = person.displayName.trim();
  return name === '' || name === person.username ? person.username : `${name} (${person.username})`;
}

/** A directory of the listed accounts. */
export function peopleDirectory(users: readonly (Person & Pick<PublicUser, 'id'>)[]): PeopleDirectory {
  return new Map(users.map((u) => [u.id, { displayName: u.displayName, username: u.username }]));
}

/** The label of the account `id`, or the id itself when the account is unknown (or not loaded yet). */
export function personName(people: PeopleDirectory | null, id: string): string {
  const person = people?.get(id);
  return person ? personLabel(person) : id;
}
