import { describe, expect, it } from 'vitest';
import { crossSiteRefusal } from './csrf';

const host = 'gala.example.org:8080';
const check = (headers: Record<string, string>, allowed: string[] = []) => crossSiteRefusal({ host, ...headers }, allowed);

describe('crossSiteRefusal', () => {
  it('lets same-origin browser requests and non-browser clients through', () => {
    expect(check({ 'sec-fetch-site': 'same-origin', origin: `http://${host}` })).toBeNull();
    expect(check({ 'sec-fetch-site': 'none' })).toBeNull();
    expect(check({})).toBeNull();
    // An older browser without Fetch Metadata, on this origin.
    expect(check({ origin: `http://${host}` })).toBeNull();
  });

  it('refuses pages of the same site on another port or subdomain, and other sites', () => {
    expect(check({ 'sec-fetch-site': 'same-site', origin: 'http://gala.example.org:9000' })).toMatch(/same-site/);
    expect(check({ 'sec-fetch-site': 'same-site', origin: 'http://blog.example.org' })).toMatch(/same-site/);
    expect(check({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.test' })).toMatch(/cross-site/);
    expect(check({ origin: 'http://gala.example.org:9000' })).toMatch(/not this site/);
    expect(check({ origin: 'null' })).toMatch(/not this site/);
    // Fetch Metadata without an Origin is not a same-origin request either.
    expect(check({ 'sec-fetch-site': 'cross-site' })).toMatch(/cross-site/);
  });

  it('lets configured origins (ALLOWED_ORIGINS) through', () => {
    expect(check({ 'sec-fetch-site': 'same-site', origin: 'http://localhost:5173' }, ['http://localhost:5173'])).toBeNull();
    expect(check({ origin: 'http://localhost:5173' }, ['http://localhost:5173'])).toBeNull();
  });
});
