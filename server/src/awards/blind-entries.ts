import { phaseAt, phaseIndex, type AwardPhase, type AwardReveal, type LocalizedText, type NomineeWork, type PublicUser, type Work } from '@yunzhan/shared';
import { can } from '../auth/policy';
import type { Store, WorkRecord } from '../db/store';
import type { ProgrammeRecord } from './award-store';

// Blind judging (docs/roles.md, "What public pages show while judging runs"): while an entry of a
// blind category is being judged, nobody but admins and the entrant learns who made or entered its
// work, on any page: the programme, the results, the reveal, the work itself and the labels of
// every hall that hangs it. Every view of a work asks `BlindEntries` which works to show blind;
// nothing else decides it.

/** The phase that closes judging: before it, blind categories hide who made and entered their entries. */
export const JUDGING_CLOSES_AT: AwardPhase = 'voting';

/** Whether an active entry of a category with `blindEntrant` is blind in `phase` (draft, entries, judging). */
export const blindIn = (blindEntrant: boolean, phase: AwardPhase) => blindEntrant && phaseIndex(phase) < phaseIndex(JUDGING_CLOSES_AT);

/** What stands for a withheld name inside a text. */
const MASK = '…';

/** The names a blind view withholds (creator, rights holder, credit), longest first so a credit goes before the holder it contains. */
export function makerNames(metadata: Pick<WorkRecord['metadata'], 'creator' | 'rights'>): string[] {
  const { creator, rights } = metadata;
  // A one-letter name would blank that letter everywhere; such a name tells little anyway.
  return [creator, rights.holder, rights.credit].map((n) => n.trim()).filter((n) => [...n].length > 1).sort((a, b) => b.length - a.length);
}

function mask(text: string, names: readonly string[]): string {
  let out = text;
  for (const name of names) out = out.replace(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu'), MASK);
  return out;
}

/** A bilingual text with every occurrence of `names` replaced by an ellipsis. */
export function maskNames<T extends LocalizedText | undefined>(text: T, names: readonly string[]): T {
  if (!text) return text;
  return { ...text, 'zh-CN': mask(text['zh-CN'], names), en: mask(text.en, names) };
}

/**
 * A work as a blind view shows it: no creator, rights holder, credit or owner, and those names
 * masked in its texts (title, medium, description, label); `blind: true` says they were withheld.
 */
export function blindWork(work: Work): Work {
  const m = work.metadata;
  const names = makerNames(m);
  return {
    ...work,
    metadata: {
      ...m,
      title: maskNames(m.title, names),
      creator: '',
      medium: maskNames(m.medium, names),
      description: maskNames(m.description, names),
      label: maskNames(m.label, names),
      rights: { ...m.rights, holder: '', credit: '' },
    },
    ownerId: '',
    blind: true,
  };
}

/** A nominee card as a blind view shows it: no creator, and the makers' `names` masked in the title. */
export function blindNominee(work: NomineeWork, names: readonly string[]): NomineeWork {
  return { ...work, title: maskNames(work.title, names), creator: null };
}

/**
 * The one place that decides which works are blind to whom, from the award entries: a work is
 * blind while it has an active entry in a blind category of a programme that has not reached
 * JUDGING_CLOSES_AT, to everyone but admins and that entry's entrant (the work's owner).
 */
export class BlindEntries {
  constructor(
    private readonly store: Store,
    /** Milliseconds since the epoch; phases are derived from it. Default Date.now. */
    private readonly now: () => number = Date.now,
  ) {}

  /** Ids of the works among `works` whose creator and entrant `user` may not see now. */
  async hiddenFrom(user: PublicUser | null, works: readonly Pick<WorkRecord, 'id' | 'ownerId'>[]): Promise<Set<string>> {
    const hidden = new Set<string>();
    if (can(user, 'award:manage')) return hidden;
    const candidates = works.filter((w) => w.ownerId !== user?.id).map((w) => w.id);
    if (candidates.length === 0) return hidden;
    const entries = await this.store.awards.activeEntriesOfWorks(candidates);
    const programmes = new Map<string, ProgrammeRecord | null>();
    const now = this.now();
    for (const entry of entries) {
      if (entry.entrantId === user?.id || hidden.has(entry.workId)) continue;
      if (!programmes.has(entry.programmeId)) programmes.set(entry.programmeId, await this.store.awards.getProgramme(entry.programmeId));
      const programme = programmes.get(entry.programmeId);
      const category = programme?.categories.find((c) => c.id === entry.categoryId);
      if (programme && category && blindIn(category.blindEntrant, phaseAt(programme.schedule, now))) hidden.add(entry.workId);
    }
    return hidden;
  }

  /** `works` as `user` may see them now, in order: `view` gives each one's wire form, made blind where it must be. */
  async views(user: PublicUser | null, works: readonly WorkRecord[], view: (work: WorkRecord) => Work): Promise<Work[]> {
    const hidden = await this.hiddenFrom(user, works);
    return works.map((w) => (hidden.has(w.id) ? blindWork(view(w)) : view(w)));
  }

  /** A reveal (nominees and winner) as `user` may see it now. */
  async reveal(user: PublicUser | null, reveal: AwardReveal): Promise<AwardReveal> {
    const ids = [...reveal.nominees, ...(reveal.winner ? [reveal.winner] : [])].map((n) => n.work.id);
    const works = new Map((await this.store.works.getMany(ids)).map((w) => [w.id, w]));
    const hidden = await this.hiddenFrom(user, [...works.values()]);
    if (hidden.size === 0) return reveal;
    // Only works that exist can be hidden, so each hidden one has its record here.
    const cut = <N extends { work: NomineeWork }>(n: N): N => (hidden.has(n.work.id) ? { ...n, work: blindNominee(n.work, makerNames(works.get(n.work.id)!.metadata)) } : n);
    return { ...reveal, nominees: reveal.nominees.map(cut), winner: reveal.winner ? cut(reveal.winner) : null };
  }
}
