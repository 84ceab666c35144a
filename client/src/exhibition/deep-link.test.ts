import { describe, expect, it } from 'vitest';
import { searchWithWork, workFromSearch, workLink } from './deep-link';

describe('work deep links', () => {
  const ids = new Set(['p-1', 'p-2']);

  it('reads the placement a link names', () => {
    expect(workFromSearch('?work=p-2', ids)).toBe('p-2');
    expect(workFromSearch('?preview=draft&work=p-1', ids)).toBe('p-1');
  });

  it('ignores a missing, malformed or unknown placement', () => {
    expect(workFromSearch('', ids)).toBeNull();
    expect(workFromSearch('?work=', ids)).toBeNull();
    expect(workFromSearch('?work=P-1', ids)).toBeNull();
    expect(workFromSearch('?work=%3Cscript%3E', ids)).toBeNull();
    expect(workFromSearch('?work=p-3', ids)).toBeNull();
  });

  it('sets and clears the work in the query, keeping other parameters', () => {
    expect(searchWithWork('', 'p-1')).toBe('?work=p-1');
    expect(searchWithWork('?preview=draft', 'p-2')).toBe('?preview=draft&work=p-2');
    expect(searchWithWork('?preview=draft&work=p-2', null)).toBe('?preview=draft');
    expect(searchWithWork('?work=p-2', null)).toBe('');
  });

  it('builds a shareable absolute link', () => {
    expect(workLink('https://yunzhan.example', 'spring-show', 'p-1')).toBe('https://yunzhan.example/exhibitions/spring-show?work=p-1');
  });
});
