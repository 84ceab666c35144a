import type { AuditEntry, AwardCategory, AwardReveal, AwardSchedule, LocalizedText } from '@yunzhan/shared';
import type { Db, Engine } from '../db/database';
import { judgingStore } from './judging-store';
import { programmeStore } from './programme-store';
import { voteStore } from './vote-store';

/** How far a category's ceremony has gone. */
export type RevealStage = 'none' | 'nominees' | 'winner';

/** A category as stored: the organiser's definition plus what the ceremony and the hall keep. */
export type CategoryRecord = AwardCategory & {
  /** The nominees' hall, once built. */
  hallExhibitionId: string | null;
  /** The works the hall was last built with, in hanging order. */
  hallWorkIds: string[];
  /** The organiser's pick among entries tied for first. */
  tieBreakEntryId: string | null;
  revealStage: RevealStage;
};

/** A programme as stored (its phase is derived from the schedule, never stored). */
export interface ProgrammeRecord {
  id: string;
  title: LocalizedText;
  summary: LocalizedText | null;
  eventId: string | null;
  schedule: AwardSchedule;
  judgeIds: string[];
  categories: CategoryRecord[];
  /** The admin who created it; owner of the nominees' halls. */
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** What a new programme is made of. */
export type NewProgramme = Omit<ProgrammeRecord, 'categories' | 'createdAt' | 'updatedAt'> & { categories: AwardCategory[] };

/** Fields of a programme an admin may change. */
export type ProgrammeChange = Partial<Pick<ProgrammeRecord, 'title' | 'summary' | 'eventId' | 'schedule' | 'judgeIds'>>;

/** An entry as stored: a work in a category, entered for its owner. */
export interface EntryRecord {
  id: string;
  programmeId: string;
  categoryId: string;
  workId: string;
  /** The work's owner. */
  entrantId: string;
  status: 'active' | 'withdrawn';
  createdAt: string;
}

/** One judge's score of one entry. */
export interface ScoreRecord {
  entryId: string;
  judgeId: string;
  scores: Record<string, number>;
  comment: string;
  /** Weighted total, 0..100. */
  total: number;
  status: 'draft' | 'submitted';
  updatedAt: string;
}

/** A judge's declared conflict of interest with an entry. */
export interface RecusalRecord {
  entryId: string;
  judgeId: string;
  reason: string;
  createdAt: string;
}

/** A line to append to the audit log in the same transaction as the change it records. */
export interface AuditLine {
  actorId: string;
  action: AuditEntry['action'];
  entryId?: string | null;
  categoryId?: string | null;
  detail: unknown;
}

/** A vote to record. */
export interface NewVote {
  programmeId: string;
  categoryId: string;
  entryId: string;
  userId: string;
  /** The `Idempotency-Key` header, when sent. */
  idempotencyKey: string | null;
}

/** What a vote's rules read, with the rows they depend on share-locked (AwardStore.voteTarget). */
export interface VoteTarget {
  /** The category's votes per account. */
  votesPerAccount: number;
  /** Whether the category's tallies are shown, and when. */
  tallies: CategoryRecord['tallies'];
  /** The programme's schedule as it is while the vote's transaction lasts. */
  schedule: AwardSchedule;
  /** The entry's category and status. */
  entry: Pick<EntryRecord, 'categoryId' | 'status'>;
}

/** What recording a vote gives: the caller's votes in the category after it (or after the replayed one). */
export interface VoteOutcome {
  replayed: boolean;
  /** The vote's entry (for a replay: the first request's). */
  entryId: string;
  myVotes: string[];
  votesLeft: number;
}

/**
 * Award programmes. Every change that the audit log records takes its AuditLine and writes it in
 * the same transaction; the checks that concurrency could defeat (entries per entrant, a score
 * already submitted, the vote limits) are made inside that transaction or by the keys.
 */
export interface AwardStore {
  /** Stores a new programme; CONFLICT when the id is taken. */
  createProgramme(programme: NewProgramme): Promise<ProgrammeRecord>;
  getProgramme(id: string): Promise<ProgrammeRecord | null>;
  /**
   * For a rule that reads a programme and then writes, inside `Store.transaction`: the programme
   * with its row locked until the transaction ends (PostgreSQL FOR NO KEY UPDATE; SQLite's BEGIN
   * IMMEDIATE holds every other writer off already), so changes of it, audit lines and other
   * rules of the programme wait. With `categories`, its category rows too, so that a vote (which
   * share-locks its category, see `voteTarget`) is either committed before or reads what this
   * transaction wrote. Take it first: the programme row comes before category and entry rows.
   */
  lockProgramme(id: string, options?: { categories?: boolean }): Promise<ProgrammeRecord | null>;
  /** Every programme (of one ceremony event when given), newest first. */
  listProgrammes(filter?: { eventId?: string }): Promise<ProgrammeRecord[]>;
  /** Changes a programme's fields and records `audit`. */
  updateProgramme(id: string, change: ProgrammeChange, audit: AuditLine): Promise<ProgrammeRecord>;

  /** Entries of a programme in the order they were made (only one category's / status when given). */
  entries(programmeId: string, filter?: { categoryId?: string; status?: EntryRecord['status'] }): Promise<EntryRecord[]>;
  getEntry(programmeId: string, entryId: string): Promise<EntryRecord | null>;
  /** Active entries of these works, in every programme (what blind judging asks of each work view). */
  activeEntriesOfWorks(workIds: readonly string[]): Promise<EntryRecord[]>;
  /**
   * Adds an active entry: NOT_ELIGIBLE (reason `too-many`) when its entrant already has
   * `maxPerEntrant` active entries in the category, CONFLICT when the work is already entered,
   * NOT_FOUND when there is no such category.
   */
  addEntry(entry: Omit<EntryRecord, 'status' | 'createdAt'>, maxPerEntrant: number, audit: AuditLine): Promise<EntryRecord>;
  /** Withdraws an active entry (a withdrawn one is returned as it is, nothing recorded). */
  withdrawEntry(programmeId: string, entryId: string, audit: AuditLine): Promise<EntryRecord>;

  /** Scores of a programme's entries, only one judge's when given. */
  scores(programmeId: string, filter?: { judgeId?: string }): Promise<ScoreRecord[]>;
  /**
   * Saves a judge's draft or final score: FORBIDDEN (reason `recused`) after a recusal,
   * SCORE_FINAL once submitted, NOT_FOUND for no such entry. The audit line gets the score before and after.
   */
  saveScore(programmeId: string, score: Omit<ScoreRecord, 'updatedAt'>): Promise<ScoreRecord>;
  /** Recusals of a programme, only one judge's when given. */
  recusals(programmeId: string, filter?: { judgeId?: string }): Promise<RecusalRecord[]>;
  /**
   * Records a recusal and discards the judge's draft score of the entry; SCORE_FINAL when the
   * score was submitted, NOT_FOUND for no such entry. A repeated recusal changes nothing. Returns whether it was new.
   */
  recuse(programmeId: string, recusal: Omit<RecusalRecord, 'createdAt'>): Promise<boolean>;

  /** Sets (or clears) a category's tie-break and records `audit`. */
  setTieBreak(programmeId: string, categoryId: string, entryId: string | null, audit: AuditLine): Promise<void>;
  /** Records the nominees' hall a category was built into. */
  setHall(programmeId: string, categoryId: string, exhibitionId: string | null, workIds: string[]): Promise<void>;
  /**
   * Records a reveal: the category's stage moves up to `nominees`/`winner` (never back), and the
   * reveal becomes the one on screen (`clear` takes it down). Records `audit`.
   */
  reveal(reveal: AwardReveal, audit: AuditLine): Promise<void>;
  /** The reveal on screen now, or null. */
  currentReveal(programmeId: string): Promise<AwardReveal | null>;

  /** Appends to the audit log. */
  appendAudit(programmeId: string, line: AuditLine): Promise<void>;
  /** Audit lines with id > `after`, oldest first, at most `limit`. */
  audit(programmeId: string, after: number, limit: number): Promise<AuditEntry[]>;

  /**
   * Records a vote in one transaction, counted once by the keys of award_votes. The same
   * idempotency key (same account) with the same vote replays the first answer; with another vote
   * it is CONFLICT (reason `idempotency-key-reused`). A second vote for the same entry is CONFLICT (reason
   * `already-voted`); a vote beyond the category's votesPerAccount is VOTE_LIMIT. `votesPerAccount`:
   * the category's, when the caller has read it in this transaction (voteTarget); else it is read.
   */
  vote(vote: NewVote, votesPerAccount?: number): Promise<VoteOutcome>;
  /**
   * Inside `Store.transaction`, what a vote's rules depend on, read with the category and the
   * entry share-locked until the transaction ends (PostgreSQL): a withdraw of the entry or a
   * schedule change (`lockProgramme` with categories) waits for the vote, or the vote for it and
   * then reads what it wrote. Null when there is no such category or entry in the programme.
   * `votesPerAccount` of the answer may be passed on to `vote` in the same transaction.
   */
  voteTarget(programmeId: string, categoryId: string, entryId: string): Promise<VoteTarget | null>;
  /** An account's votes in a programme by category, in the order cast. */
  myVotes(programmeId: string, userId: string): Promise<Record<string, string[]>>;
  /** Votes per entry of a category (entries without votes absent). */
  tally(programmeId: string, categoryId: string): Promise<Map<string, number>>;
}

/** The award store's parts, each a set of its methods on one executor. */
const PARTS = { programme: programmeStore, judging: judgingStore, votes: voteStore } as const;
type PartName = keyof typeof PARTS;

/**
 * The award store of one executor, its three parts made on first use: a store is made for every
 * transaction, and a vote's needs only the votes part (making all of them was about a sixth of
 * what a vote allocated). Each method is a getter on the prototype that makes its part once.
 */
class AwardStoreOn {
  readonly parts: { [P in PartName]?: ReturnType<(typeof PARTS)[P]> } = {};
  constructor(
    readonly db: Db,
    readonly engine: Engine,
  ) {}
}
for (const [name, make] of Object.entries(PARTS) as [PartName, (db: Db, engine: Engine) => object][]) {
  // The parts only keep the executor for later: made on a stand-in, they give their method names.
  for (const key of Object.keys(make(undefined as unknown as Db, 'sqlite'))) {
    Object.defineProperty(AwardStoreOn.prototype, key, {
      enumerable: true,
      get(this: AwardStoreOn) {
        const part = (this.parts[name] ??= make(this.db, this.engine) as never) as Record<string, unknown>;
        return part[key];
      },
    });
  }
}

/** The award store on the query layer: one implementation for SQLite and PostgreSQL. */
export function awardStore(db: Db, engine: Engine): AwardStore {
  return new AwardStoreOn(db, engine) as unknown as AwardStore;
}
