import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, expectStatus, makeAccount, seededAccount, wireError, type Account } from '../helpers/awards';
import { startTestServer, type TestServer } from '../helpers/server';

// Finding 8 of issue 10, its second half: creating an exhibition with another curator's hidden
// draft id answered 409, revealing that the id exists, where a free id answers 201. Now an id
// taken by something the caller cannot see is answered as a free one (201, the exhibition made
// under a free id derived from it, which the answer names); an id the caller can see (their own,
// or a published one) still answers CONFLICT. The hidden draft is never touched.

let server: TestServer;
let admin: Account;
let first: Account;
let second: Account;

interface ExhibitionBody {
  id: string;
  ownerId: string;
  title: Record<string, string>;
  revision: number;
  status: string;
}

const create = (who: Account, id: string, title: string) =>
  call<ExhibitionBody>(server, 'POST', '/api/exhibitions', { cookie: who.cookie, body: { id, title: { 'zh-CN': title }, templateId: 'white-cube' } });

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  admin = await seededAccount(server, 'admin');
  first = await seededAccount(server, 'curator');
  second = await makeAccount(server, admin, 'hidden-id-curator', 'curator');
}, 120_000);
afterAll(async () => server?.dispose());

describe('creating an exhibition under an id that is taken by something hidden', () => {
  it('answers as for a free id, and leaves the hidden draft alone', async () => {
    const hidden = expectStatus(await create(first, 'secret-retrospective', '保密的回顾展'), 201, 'the first curator’s draft');
    const free = await create(second, 'open-idea', '公开的想法');

    const clash = await create(second, 'secret-retrospective', '另一个展览');
    // The same kind of answer as for a free id: 201 and an exhibition of the caller's.
    expect([clash.status, free.status]).toEqual([201, 201]);
    expect(Object.keys(clash.body).sort()).toEqual(Object.keys(free.body).sort());
    expect(clash.body).toMatchObject({ ownerId: second.id, status: 'draft', revision: 0, title: { 'zh-CN': '另一个展览' } });
    expect(clash.body.id).not.toBe('secret-retrospective');
    expect(clash.body.id).toMatch(/^secret-retrospective-\d+$/);
    // The id it answers with is the new exhibition's, readable by its owner.
    expect(expectStatus(await call<ExhibitionBody>(server, 'GET', `/api/exhibitions/${clash.body.id}`, { cookie: second.cookie }), 200, 'the new one').ownerId).toBe(second.id);

    // The hidden draft is untouched and still hidden from the second curator.
    expect((await call(server, 'GET', '/api/exhibitions/secret-retrospective', { cookie: second.cookie })).status).toBe(404);
    const after = expectStatus(await call<ExhibitionBody>(server, 'GET', '/api/exhibitions/secret-retrospective', { cookie: first.cookie }), 200, 'the hidden draft');
    expect(after).toEqual(hidden);

    // Again: another free id, not one of the caller's own.
    const again = expectStatus(await create(second, 'secret-retrospective', '第三个'), 201, 'again');
    expect(again.id).not.toBe(clash.body.id);
    expect(again.id).not.toBe('secret-retrospective');
  });

  it('still answers CONFLICT for an id the caller can see: their own, or any for an admin', async () => {
    expectStatus(await create(first, 'own-draft', '自己的草稿'), 201, 'own draft');
    const own = await create(first, 'own-draft', '重复');
    expect([own.status, wireError(own)?.code]).toEqual([409, 'CONFLICT']);
    // Admins see every exhibition: a clash is a plain conflict for them.
    const byAdmin = await create(admin, 'own-draft', '管理员');
    expect([byAdmin.status, wireError(byAdmin)?.code]).toEqual([409, 'CONFLICT']);
  });
});
