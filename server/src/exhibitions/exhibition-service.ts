import { getTemplate } from '@yunzhan/scenes';
import {
  AppError,
  ConflictError,
  ExhibitionLayout,
  InvalidStateError,
  NotFoundError,
  ValidationError,
  assertLayout,
  type CreateExhibitionInput,
  type ExhibitionStatus,
  type LocalizedText,
  type PublicUser,
  type ReviewInput,
  type SaveDraftInput,
  type Scene,
} from '@yunzhan/shared';
import type { ExhibitionRecord, Store } from '../db/store';
import { isPublic, seesDraft } from './exhibition-view';

/** Statuses a draft may be saved in: not while an admin reviews it. */
const EDITABLE: readonly ExhibitionStatus[] = ['draft', 'returned', 'approved'];
/** Statuses an exhibition may be submitted for review from. */
const SUBMITTABLE: readonly ExhibitionStatus[] = ['draft', 'returned', 'approved'];

/** How many derived ids (`<id>-2`, `<id>-3`, ...) are tried before random suffixes. */
const DERIVED_TRIES = 20;
/** Reads and inserts one create may make before it gives up (numbered, random, lost races). */
const CREATE_ATTEMPTS = DERIVED_TRIES + 10;

/**
 * The `n`-th id derived from `id` (`<id>-<n>`), cut so it stays within ExhibitionId's 64
 * characters; a random suffix once the numbered ones are used up.
 */
function derivedId(id: string, n: number): string {
  const suffix = n <= DERIVED_TRIES ? `-${n}` : `-${Math.random().toString(36).slice(2, 8)}`;
  return `${id.slice(0, 64 - suffix.length)}${suffix}`;
}

/** The pending value of an edited text: null (no pending edit) when it says what is public already. */
const pendingText = (edit: LocalizedText | undefined, current: LocalizedText): LocalizedText | null | undefined =>
  edit === undefined ? undefined : JSON.stringify(edit) === JSON.stringify(current) ? null : edit;

/** The hall template of a layout; VALIDATION_FAILED naming `field` when there is none of that id. */
export function templateOf(templateId: string, field = 'templateId'): Scene {
  try {
    return getTemplate(templateId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'NOT_FOUND') {
      throw new ValidationError(`Invalid ${field}: no hall template "${templateId}"`, { issues: [{ path: field, message: `no hall template "${templateId}"` }] });
    }
    throw err;
  }
}

/**
 * Exhibitions through their review cycle: draft → in-review → approved (the draft becomes the
 * published layout) or returned (with a comment) → draft again on the next save. Drafts are saved
 * with optimistic concurrency (a save names the revision it started from) and must fit their hall
 * (assertLayout) with works the owner may show.
 */
export class ExhibitionService {
  constructor(private readonly store: Store) {}

  /**
   * Creates an empty draft in a hall template. An id taken by an exhibition the caller can see
   * (their own, a published one; any for admins) is a CONFLICT. An id taken by one they cannot
   * see is answered as a free id would be: the draft is created under the first free id derived
   * from it (`<id>-2`, `<id>-3`, ...), which the answer carries, so a 409 never tells a curator
   * that someone else's hidden draft exists.
   */
  async create(user: PublicUser, input: CreateExhibitionInput): Promise<ExhibitionRecord> {
    templateOf(input.templateId);
    let n = 1;
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      const id = n === 1 ? input.id : derivedId(input.id, n);
      const taken = await this.store.exhibitions.get(id);
      if (taken) {
        if (n === 1 && (seesDraft(user, taken) || isPublic(taken))) throw new ConflictError('An exhibition with that id exists');
        n++;
        continue;
      }
      const created = await this.insert(user, input, id);
      // Null: another request took the id between our read and our insert; look again at who did.
      if (created) return created;
    }
    throw new ConflictError('No free id near that one; choose another');
  }

  /** Stores a new empty draft under `id`; null when that id was taken meanwhile. */
  private async insert(user: PublicUser, input: CreateExhibitionInput, id: string): Promise<ExhibitionRecord | null> {
    try {
      return await this.store.exhibitions.create({
        id,
        title: input.title,
        // The contract requires a summary in zh-CN; until the curator writes one it repeats the title.
        summary: input.summary ?? input.title,
        ownerId: user.id,
        status: 'draft',
        draft: ExhibitionLayout.parse({ templateId: input.templateId }),
        revision: 0,
        published: null,
        review: null,
        publishedAt: null,
      });
    } catch (err) {
      if (await this.store.exhibitions.get(id)) return null;
      throw err;
    }
  }

  /**
   * Checks that every placed work exists, belongs to the exhibition's owner (admins may show any
   * work) and has not failed processing. PLACEMENT_INVALID with every problem in details.
   */
  private async checkWorks(exhibition: ExhibitionRecord, layout: ExhibitionLayout, store: Store): Promise<void> {
    const owner = await store.users.byId(exhibition.ownerId);
    const works = new Map((await store.works.getMany(layout.placements.map((p) => p.workId))).map((w) => [w.id, w]));
    const problems = layout.placements.flatMap((p, i) => {
      const work = works.get(p.workId);
      const usable = work && (work.ownerId === exhibition.ownerId || owner?.role === 'admin');
      if (!usable) return [{ code: 'PLACEMENT_INVALID' as const, placementId: p.id, path: `placements.${i}.workId`, message: `no work ${p.workId} the curator may show` }];
      if (work.status === 'failed') return [{ code: 'PLACEMENT_INVALID' as const, placementId: p.id, path: `placements.${i}.workId`, message: `work ${p.workId} failed processing` }];
      return [];
    });
    if (problems.length > 0) throw new AppError('PLACEMENT_INVALID', problems[0]!.message, { problems });
  }

  /** Validates a layout against its template and its works (read through `store`, a transaction's when given); returns it unchanged. */
  async checkLayout(exhibition: ExhibitionRecord, layout: ExhibitionLayout, store: Store = this.store): Promise<ExhibitionLayout> {
    assertLayout(templateOf(layout.templateId, 'layout.templateId'), layout);
    await this.checkWorks(exhibition, layout, store);
    return layout;
  }

  /**
   * Saves the whole draft when `baseRevision` is the current revision (else 409 REVISION_CONFLICT
   * with `details.currentRevision`); an approved exhibition keeps its published layout, title and
   * summary (the edits wait for the next approval), a returned one goes back to draft. Refused
   * (INVALID_STATE) while in review. Checked on the exhibition as read locked in the save's
   * transaction (`exhibition`, the caller's read, only names it).
   */
  async saveDraft(exhibition: ExhibitionRecord, input: SaveDraftInput): Promise<ExhibitionRecord> {
    const conflict = (current: ExhibitionRecord) =>
      new AppError('REVISION_CONFLICT', `The draft was saved elsewhere (revision ${current.revision}); reload it`, { currentRevision: current.revision });
    return this.store.transaction(async (tx) => {
      const current = await tx.exhibitions.get(exhibition.id, { lock: 'update' });
      if (!current) throw new NotFoundError('Exhibition');
      if (input.baseRevision !== current.revision) throw conflict(current);
      if (!EDITABLE.includes(current.status)) throw new InvalidStateError('The exhibition is in review; it can be edited again after the decision');
      await this.checkLayout(current, input.layout, tx);
      const saved = await tx.exhibitions.saveDraft(current.id, input.baseRevision, EDITABLE, {
        draft: input.layout,
        // Texts wait for the next approval like the layout; saving the public text again drops the edit.
        title: pendingText(input.title, current.title),
        summary: pendingText(input.summary, current.summary),
        status: current.status === 'returned' ? 'draft' : current.status,
      });
      // The row is locked and was checked: the conditional save cannot miss.
      if (!saved) throw new Error(`exhibition ${current.id} changed under its lock`);
      return saved;
    });
  }

  /**
   * Sends the draft for review; refused when the layout is empty or no longer fits. Checked on
   * the draft as read locked in the transaction that submits it: a save racing the submission
   * is either submitted with it, checked, or waits and is refused in review.
   */
  async submit(exhibition: ExhibitionRecord): Promise<ExhibitionRecord> {
    return this.store.transaction(async (tx) => {
      const current = await tx.exhibitions.get(exhibition.id, { lock: 'update' });
      if (!current) throw new NotFoundError('Exhibition');
      if (current.status === 'in-review') throw new InvalidStateError('The exhibition is already in review');
      if (current.draft.placements.length === 0) throw new AppError('PLACEMENT_INVALID', 'Place at least one work before submitting', { problems: [] });
      await this.checkLayout(current, current.draft, tx);
      const submitted = await tx.exhibitions.transition(current.id, SUBMITTABLE, 'in-review');
      if (!submitted) throw new InvalidStateError('The exhibition cannot be submitted now');
      return submitted;
    });
  }

  /** An admin's decision: approve publishes the draft and its texts as they are; return sends them back with the comment. */
  async review(reviewer: PublicUser, exhibition: ExhibitionRecord, input: ReviewInput): Promise<ExhibitionRecord> {
    const note = { decision: input.decision, comment: input.comment, reviewerId: reviewer.id, at: new Date().toISOString() };
    const decided =
      input.decision === 'approve'
        ? await this.store.exhibitions.approve(exhibition.id, note)
        : await this.store.exhibitions.transition(exhibition.id, ['in-review'], 'returned', note);
    if (!decided) throw new InvalidStateError('Only an exhibition in review can be approved or returned');
    return decided;
  }
}
