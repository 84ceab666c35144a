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
  type Exhibition,
  type ExhibitionStatus,
  type PublicUser,
  type ReviewInput,
  type SaveDraftInput,
  type Scene,
} from '@yunzhan/shared';
import type { Store } from '../db/store';

/** Statuses a draft may be saved in: not while an admin reviews it. */
const EDITABLE: readonly ExhibitionStatus[] = ['draft', 'returned', 'approved'];
/** Statuses an exhibition may be submitted for review from. */
const SUBMITTABLE: readonly ExhibitionStatus[] = ['draft', 'returned', 'approved'];

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

  /** Creates an empty draft in a hall template; the id must be free. */
  async create(user: PublicUser, input: CreateExhibitionInput): Promise<Exhibition> {
    templateOf(input.templateId);
    if (await this.store.exhibitions.get(input.id)) throw new ConflictError('An exhibition with that id exists');
    return this.store.exhibitions.create({
      id: input.id,
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
  }

  /**
   * Checks that every placed work exists, belongs to the exhibition's owner (admins may show any
   * work) and has not failed processing. PLACEMENT_INVALID with every problem in details.
   */
  private async checkWorks(exhibition: Exhibition, layout: ExhibitionLayout): Promise<void> {
    const owner = await this.store.users.byId(exhibition.ownerId);
    const works = new Map((await this.store.works.getMany(layout.placements.map((p) => p.workId))).map((w) => [w.id, w]));
    const problems = layout.placements.flatMap((p, i) => {
      const work = works.get(p.workId);
      const usable = work && (work.ownerId === exhibition.ownerId || owner?.role === 'admin');
      if (!usable) return [{ code: 'PLACEMENT_INVALID' as const, placementId: p.id, path: `placements.${i}.workId`, message: `no work ${p.workId} the curator may show` }];
      if (work.status === 'failed') return [{ code: 'PLACEMENT_INVALID' as const, placementId: p.id, path: `placements.${i}.workId`, message: `work ${p.workId} failed processing` }];
      return [];
    });
    if (problems.length > 0) throw new AppError('PLACEMENT_INVALID', problems[0]!.message, { problems });
  }

  /** Validates a layout against its template and its works; returns it unchanged. */
  async checkLayout(exhibition: Exhibition, layout: ExhibitionLayout): Promise<ExhibitionLayout> {
    assertLayout(templateOf(layout.templateId, 'layout.templateId'), layout);
    await this.checkWorks(exhibition, layout);
    return layout;
  }

  /**
   * Saves the whole draft when `baseRevision` is the current revision (else 409 REVISION_CONFLICT
   * with `details.currentRevision`); an approved exhibition keeps its published layout, a returned
   * one goes back to draft. Refused (INVALID_STATE) while in review.
   */
  async saveDraft(exhibition: Exhibition, input: SaveDraftInput): Promise<Exhibition> {
    const conflict = (current: Exhibition) =>
      new AppError('REVISION_CONFLICT', `The draft was saved elsewhere (revision ${current.revision}); reload it`, { currentRevision: current.revision });
    if (input.baseRevision !== exhibition.revision) throw conflict(exhibition);
    if (!EDITABLE.includes(exhibition.status)) throw new InvalidStateError('The exhibition is in review; it can be edited again after the decision');
    await this.checkLayout(exhibition, input.layout);
    const saved = await this.store.exhibitions.saveDraft(exhibition.id, input.baseRevision, EDITABLE, {
      draft: input.layout,
      ...(input.title ? { title: input.title } : {}),
      ...(input.summary ? { summary: input.summary } : {}),
      status: exhibition.status === 'returned' ? 'draft' : exhibition.status,
    });
    if (saved) return saved;
    // Another request won between our read and our write.
    const current = await this.store.exhibitions.get(exhibition.id);
    if (!current) throw new NotFoundError('Exhibition');
    if (current.revision !== input.baseRevision) throw conflict(current);
    throw new InvalidStateError('The exhibition is in review; it can be edited again after the decision');
  }

  /** Sends the draft for review; refused when the layout is empty or no longer fits. */
  async submit(exhibition: Exhibition): Promise<Exhibition> {
    if (exhibition.status === 'in-review') throw new InvalidStateError('The exhibition is already in review');
    if (exhibition.draft.placements.length === 0) throw new AppError('PLACEMENT_INVALID', 'Place at least one work before submitting', { problems: [] });
    await this.checkLayout(exhibition, exhibition.draft);
    const submitted = await this.store.exhibitions.transition(exhibition.id, SUBMITTABLE, 'in-review');
    if (!submitted) throw new InvalidStateError('The exhibition cannot be submitted now');
    return submitted;
  }

  /** An admin's decision: approve publishes the draft as it is; return sends it back with the comment. */
  async review(reviewer: PublicUser, exhibition: Exhibition, input: ReviewInput): Promise<Exhibition> {
    const note = { decision: input.decision, comment: input.comment, reviewerId: reviewer.id, at: new Date().toISOString() };
    const decided =
      input.decision === 'approve'
        ? await this.store.exhibitions.approve(exhibition.id, note)
        : await this.store.exhibitions.transition(exhibition.id, ['in-review'], 'returned', note);
    if (!decided) throw new InvalidStateError('Only an exhibition in review can be approved or returned');
    return decided;
  }
}
