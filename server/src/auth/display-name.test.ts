import { describe, expect, it } from 'vitest';
import { nameProblem } from '@yunzhan/shared';
import { ReservedNames, nameSkeletons, refuseHiddenCharacters } from './display-name';

const staff = new ReservedNames([
  { username: 'host', displayName: '演示主持人 Demo Host' },
  { username: 'admin', displayName: '管理员 Admin' },
  { username: 'judge', displayName: '演示评委 Demo Judge' },
  { username: 'li-wei', displayName: 'Li Wei 李伟' },
]);

describe('display names', () => {
  it('gives look-alikes one skeleton: case, Cyrillic, Greek, fullwidth, digits that look like letters, accents', () => {
    const host = nameSkeletons('Host');
    for (const lookAlike of ['HOST', 'hоst', 'Ηost', 'ｈｏｓｔ', 'h0st', 'Hóst']) {
      expect(nameSkeletons(lookAlike).some((k) => host.includes(k)), lookAlike).toBe(true);
    }
    expect(nameSkeletons('Ghost').some((k) => host.includes(k))).toBe(false);
  });

  it('reserves staff names, their parts in each language, and reserved words with qualifiers', () => {
    for (const name of [
      '演示主持人 Demo Host',
      'Demo Host',
      'DemoHost',
      'Dеmo Hоst',
      '演示主持人',
      'Li Wei',
      '李伟',
      'judge',
      'Admin',
      'ADMIN',
      'Official Host',
      'the real admin',
      'Host 2',
      'admin1',
      'Yunzhan',
      '云展官方',
      '直播间房管',
      '主持人小王',
      'Moderator',
      'Curator',
    ]) {
      expect(staff.isReserved(name), name).toBe(true);
    }
  });

  it('leaves ordinary names alone, including ones that merely contain a reserved word', () => {
    for (const name of ['Ghost hunter', 'matrix-other-host', 'judge-3', 'e2e-judge', 'Modern art fan', 'Li Na', '小明', 'Zoë 1', 'hostess', 'Administration student', '观众一号']) {
      expect(staff.isReserved(name), name).toBe(false);
    }
  });

  it('refuses invisible, direction-control and stacked characters but keeps emoji sequences', () => {
    const refused = ['Ann\u200Bie', 'Ann\u200Die', 'Ann\u202Eeinna', '\u2066Ann\u2069', '\uFEFFAnn', 'An\u00ADn', 'Ann\u0000', 'A\u3164nn', 'Ann\u2028', '\uE000Ann'];
    for (const name of refused) expect(nameProblem(name), JSON.stringify(name)).toBe('hidden-characters');
    expect(nameProblem('\u0301Ann')).toBe('leading-mark');
    expect(nameProblem('Z\u0301\u0302\u0303\u0304\u0305oe')).toBe('stacked-marks');
    for (const name of ['Ann ❤️', '画家👩‍🎨', 'Zoë', 'José', '小明', 'Ann  Lee']) expect(nameProblem(name), name).toBeNull();
  });

  it('answers NAME_NOT_ALLOWED with the field and reason for hidden characters in a request body', () => {
    expect(() => refuseHiddenCharacters({ username: 'ann', displayName: 'A\u200Bnn' }, ['username', 'displayName'])).toThrow(
      expect.objectContaining({ code: 'NAME_NOT_ALLOWED', details: { field: 'displayName', reason: 'hidden-characters' } }),
    );
    expect(() => refuseHiddenCharacters({ username: 42 }, ['username'])).not.toThrow();
  });
});
