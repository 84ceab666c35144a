import { describe, expect, it } from 'vitest';
import { peopleDirectory, personLabel, personName } from './people';

const users = [
  { id: 'u-1', username: 'wang', displayName: '王老师', role: 'judge' as const },
  { id: 'u-2', username: 'admin', displayName: 'admin', role: 'admin' as const },
  { id: 'u-3', username: 'li', displayName: '  ', role: 'viewer' as const },
];

describe('people on the organiser page', () => {
  it('labels a person with display name and username', () => {
    expect(personLabel({ displayName: '王老师', username: 'wang' })).toBe('王老师 (wang)');
  });

  it('shows the username alone when the display name is blank or repeats it', () => {
    expect(personLabel({ displayName: 'admin', username: 'admin' })).toBe('admin');
    expect(personLabel({ displayName: ' ', username: 'li' })).toBe('li');
  });

  it('maps account ids to labels', () => {
    const people = peopleDirectory(users);
    expect(personName(people, 'u-1')).toBe('王老师 (wang)');
    expect(personName(people, 'u-2')).toBe('admin');
    expect(personName(people, 'u-3')).toBe('li');
  });

  it('falls back to the id for an unknown account or before the accounts are loaded', () => {
    expect(personName(peopleDirectory(users), 'u-404')).toBe('u-404');
    expect(personName(null, 'u-1')).toBe('u-1');
  });
});
