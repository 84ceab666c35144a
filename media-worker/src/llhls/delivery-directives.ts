import type { SkipRequest } from './ll-playlist';

// Delivery Directives (draft-pantos-hls-rfc8216bis 6.2.5): the `_HLS_msn`, `_HLS_part` and
// `_HLS_skip` query parameters of a media playlist request, parsed and judged against the
// playlist as it is now. Pure: the HTTP layer does the waiting.

/** The directives of one request. */
export interface DeliveryDirectives {
  /** `_HLS_msn`: block until the playlist has this Media Sequence Number (or later). */
  msn?: number | undefined;
  /** `_HLS_part`: with msn, block until it has this part of that segment (or later). */
  part?: number | undefined;
  /** `_HLS_skip`: answer with a Playlist Delta Update. */
  skip?: SkipRequest | undefined;
}

/** Where a rendition's playlist stands, as far as directives are concerned. */
export interface PlaylistPosition {
  /** MSN and part index of the last Partial Segment in the playlist. */
  lastPartMsn: number;
  lastPartIndex: number;
  /** MSN of the last complete Media Segment, -1 before the first one. */
  lastSegmentMsn: number;
  /** The playlist has EXT-X-ENDLIST. */
  ended: boolean;
  partTarget: number;
  /** Nominal parts per segment, to count how far ahead a part in a later segment is. */
  partsPerSegment: number;
}

/** A request the server answers with 400 Bad Request. */
export class DirectiveError extends Error {
  override readonly name = 'DirectiveError';
}

const DECIMAL_INTEGER = /^[0-9]{1,15}$/;

/**
 * Parses the directives of a query string. Throws a DirectiveError for a malformed value, a
 * repeated directive, or `_HLS_part` without `_HLS_msn` (which the server MUST refuse). Other
 * query parameters, including unknown `_HLS_` ones, are ignored.
 */
export function parseDeliveryDirectives(query: URLSearchParams): DeliveryDirectives {
  const one = (name: string): string | undefined => {
    const values = query.getAll(name);
    if (values.length > 1) throw new DirectiveError(`${name} is given more than once`);
    return values[0];
  };
  const integer = (name: string): number | undefined => {
    const v = one(name);
    if (v === undefined) return undefined;
    if (!DECIMAL_INTEGER.test(v)) throw new DirectiveError(`${name} must be a decimal integer, got "${v}"`);
    return Number(v);
  };
  const msn = integer('_HLS_msn');
  const part = integer('_HLS_part');
  const skipValue = one('_HLS_skip');
  if (part !== undefined && msn === undefined) throw new DirectiveError('_HLS_part requires _HLS_msn');
  if (skipValue !== undefined && skipValue !== 'YES' && skipValue !== 'v2') throw new DirectiveError(`_HLS_skip must be YES or v2, got "${skipValue}"`);
  return { msn, part, skip: skipValue as SkipRequest | undefined };
}

/**
 * The Advance Part Limit (6.2.5.2): how many parts past the last one a request may ask for
 * before it is refused: three divided by the Part Target Duration below one second, else three.
 */
export function advancePartLimit(partTarget: number): number {
  return partTarget < 1 ? 3 / partTarget : 3;
}

/**
 * Refuses a blocking request that asks too far ahead (6.2.5.2: an `_HLS_msn` more than two past
 * the last segment, or an `_HLS_part` beyond the Advance Part Limit). Directives are ignored once
 * the playlist has ended, so nothing is refused then. Throws a DirectiveError.
 */
export function checkDirectivesAhead(d: DeliveryDirectives, pos: PlaylistPosition): void {
  if (pos.ended || d.msn === undefined) return;
  // "The last Media Segment in the current Playlist": the Parent Segment of the last part,
  // which the playlist already lists through its parts.
  const lastMsn = Math.max(pos.lastSegmentMsn, pos.lastPartMsn);
  if (d.msn > lastMsn + 2) throw new DirectiveError(`_HLS_msn=${d.msn} is more than two segments past the last one (${lastMsn})`);
  if (d.part === undefined || d.msn < pos.lastPartMsn) return;
  const ahead =
    d.msn === pos.lastPartMsn
      ? d.part - pos.lastPartIndex
      : Math.max(0, pos.partsPerSegment - 1 - pos.lastPartIndex) + (d.msn - pos.lastPartMsn - 1) * pos.partsPerSegment + d.part + 1;
  if (ahead > advancePartLimit(pos.partTarget)) {
    throw new DirectiveError(`_HLS_msn=${d.msn}&_HLS_part=${d.part} is more than the Advance Part Limit past the last part (${pos.lastPartMsn}.${pos.lastPartIndex})`);
  }
}

/**
 * True when the playlist can answer a blocking request now: it has ended, or it contains the
 * requested Media Segment or Partial Segment or a later one. Parts compare as (MSN, index) pairs:
 * a part index past the end of its segment means part 0 of the next one (6.2.5.2), which is
 * exactly the first part after the requested position.
 */
export function directivesSatisfied(d: DeliveryDirectives, pos: PlaylistPosition): boolean {
  if (pos.ended || d.msn === undefined) return true;
  if (d.part === undefined) return pos.lastSegmentMsn >= d.msn;
  return pos.lastPartMsn > d.msn || (pos.lastPartMsn === d.msn && pos.lastPartIndex >= d.part);
}
