import type { types } from 'mediasoup';
import { isSameProfile } from 'h264-profile-level-id';
import { parse, write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { AppError, ValidationError } from '@yunzhan/shared';

// WHIP (RFC 9725) speaks SDP: the encoder's offer says what it sends, the answer says where and
// how the SFU receives it. This turns an offer into mediasoup's producer parameters and writes the
// answer from the WebRTC transport mediasoup made, with the limits an untrusted body needs.

/** Longest offer accepted, in bytes (a browser's with every codec is about 6 KB). */
export const WHIP_MAX_SDP_BYTES = 64 * 1024;
/** RTCP feedback the SFU answers. */
const FEEDBACK = new Set(['nack', 'nack pli', 'ccm fir', 'goog-remb', 'transport-cc']);

const bad = (message: string) => new AppError('BAD_REQUEST', `SDP offer: ${message}`);

/** One track of the offer the SFU will receive. */
export interface WhipTrack {
  kind: types.MediaKind;
  mid: string;
  rtpParameters: types.RtpParameters;
  /** For the answer: the payload types kept and their lines. */
  answer: { payloads: number[]; media: MediaDescription };
}

/** What an offer asks for. */
export interface WhipOffer {
  dtlsParameters: types.DtlsParameters;
  /** Every m-section in order; null where the SFU takes nothing from it (answered with port 0). */
  sections: (WhipTrack | null)[];
  raw: SessionDescription;
}

const fmtpOf = (m: MediaDescription, pt: number): Record<string, string | number> => {
  const line = m.fmtp.find((f) => f.payload === pt)?.config ?? '';
  const params: Record<string, string | number> = {};
  for (const part of line.split(';')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (!k || v === undefined) continue;
    params[k] = /^\d+$/.test(v) ? Number(v) : v;
  }
  return params;
};

/** Whether the router takes this offered codec (H.264: packetization-mode 1, the constrained-baseline profile). */
function matches(cap: types.RtpCodecCapability, mimeType: string, clockRate: number, channels: number | undefined, params: Record<string, string | number>): boolean {
  if (cap.mimeType.toLowerCase() !== mimeType.toLowerCase() || cap.clockRate !== clockRate) return false;
  if (cap.kind === 'audio' && (channels ?? 1) !== (cap.channels ?? 1)) return false;
  // H.264: the same packetization mode and profile (any level), as mediasoup itself matches them.
  if (mimeType.toLowerCase() === 'video/h264') return Number(params['packetization-mode'] ?? 0) === Number(cap.parameters?.['packetization-mode'] ?? 0) && isSameProfile(cap.parameters, params);
  return true;
}

/** The first codec of the m-section the router takes, with its RTX, as mediasoup parameters. */
function pickCodec(m: MediaDescription, caps: types.RtpCapabilities): { codecs: types.RtpCodecParameters[]; payloads: number[] } | null {
  const kind = m.type as types.MediaKind;
  const order = String(m.payloads ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  for (const pt of order) {
    const rtp = m.rtp.find((r) => r.payload === pt);
    if (!rtp || /^(rtx|red|ulpfec|flexfec-03|telephone-event|cn)$/i.test(rtp.codec)) continue;
    const mimeType = `${kind}/${rtp.codec}`;
    const params = fmtpOf(m, pt);
    const clockRate = rtp.rate ?? 90000;
    const cap = (caps.codecs ?? []).find((c) => c.kind === kind && matches(c, mimeType, clockRate, rtp.encoding, params));
    if (!cap) continue;
    const feedback = (m.rtcpFb ?? [])
      .filter((f) => Number(f.payload) === pt && FEEDBACK.has(f.subtype ? `${f.type} ${f.subtype}` : f.type))
      .map((f) => ({ type: f.type, parameter: f.subtype ?? '' }));
    const codecs: types.RtpCodecParameters[] = [
      { mimeType: cap.mimeType, payloadType: pt, clockRate, ...(kind === 'audio' ? { channels: rtp.encoding ?? 1 } : {}), parameters: params, rtcpFeedback: feedback },
    ];
    const payloads = [pt];
    const rtx = m.rtp.find((r) => /^rtx$/i.test(r.codec) && Number(fmtpOf(m, r.payload).apt) === pt);
    if (rtx) {
      codecs.push({ mimeType: `${kind}/rtx`, payloadType: rtx.payload, clockRate, parameters: { apt: pt }, rtcpFeedback: [] });
      payloads.push(rtx.payload);
    }
    return { codecs, payloads };
  }
  return null;
}

/** The SSRCs of an m-section: the media one and its RTX (a=ssrc-group:FID), if the offer names them. */
function ssrcsOf(m: MediaDescription): { ssrc?: number; rtx?: number; cname?: string } {
  const fid = (m.ssrcGroups ?? []).find((g) => g.semantics === 'FID');
  if (fid) {
    const [ssrc, rtx] = fid.ssrcs.split(/\s+/).map(Number);
    return { ssrc, rtx, cname: (m.ssrcs ?? []).find((s) => s.id === ssrc && s.attribute === 'cname')?.value };
  }
  const first = (m.ssrcs ?? [])[0];
  return first ? { ssrc: Number(first.id), cname: (m.ssrcs ?? []).find((s) => s.attribute === 'cname')?.value } : {};
}

/**
 * Reads a WHIP offer: BAD_REQUEST for what is not an SDP offer a WHIP encoder sends (no ICE
 * credentials or DTLS fingerprint, not sendonly, no media), UNSUPPORTED_CODEC when no track has a
 * codec the SFU takes (Opus; VP8 or constrained-baseline H.264).
 */
export function readWhipOffer(sdp: string, caps: types.RtpCapabilities): WhipOffer {
  if (Buffer.byteLength(sdp) > WHIP_MAX_SDP_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `SDP offer over ${WHIP_MAX_SDP_BYTES} bytes`);
  if (!/^v=0\r?\n/.test(sdp)) throw bad('does not start with v=0');
  let raw: SessionDescription;
  try {
    raw = parse(sdp);
  } catch {
    throw bad('cannot be parsed');
  }
  const media = raw.media ?? [];
  if (media.length === 0 || media.length > 4) throw bad('needs one audio and/or one video section');
  const fingerprint = raw.fingerprint ?? media[0]?.fingerprint;
  if (!fingerprint || !/^sha-(256|384|512)$/i.test(fingerprint.type) || !/^([0-9A-Fa-f]{2}:){31,63}[0-9A-Fa-f]{2}$/.test(fingerprint.hash)) throw bad('no usable a=fingerprint');
  const setup = raw.setup ?? media[0]?.setup ?? 'actpass';
  if (!['actpass', 'active'].includes(setup)) throw bad(`a=setup:${setup} (the encoder must be the DTLS client or let the server choose)`);
  const kinds = new Set<string>();
  const sections = media.map((m): WhipTrack | null => {
    if (m.type !== 'audio' && m.type !== 'video') return null;
    if (!m.iceUfrag && !raw.iceUfrag) throw bad('no a=ice-ufrag');
    if (!m.icePwd && !raw.icePwd) throw bad('no a=ice-pwd');
    if (m.direction !== 'sendonly' && m.direction !== 'sendrecv') throw bad(`the ${m.type} section is ${m.direction ?? 'sendrecv'}; WHIP sends only`);
    if (kinds.has(m.type)) return null;
    const picked = pickCodec(m, caps);
    if (!picked) return null;
    kinds.add(m.type);
    const mid = m.mid === undefined ? String(media.indexOf(m)) : String(m.mid);
    const { ssrc, rtx, cname } = ssrcsOf(m);
    // The header extensions the router takes for this kind (mid, abs-send-time, transport-cc, audio level…).
    const known = new Set((caps.headerExtensions ?? []).filter((h) => h.kind === m.type).map((h) => h.uri as string));
    const headerExtensions = (m.ext ?? []).filter((e) => known.has(e.uri)).map((e) => ({ uri: e.uri as types.RtpHeaderExtensionUri, id: e.value, encrypt: false, parameters: {} }));
    return {
      kind: m.type,
      mid,
      rtpParameters: {
        mid,
        codecs: picked.codecs,
        headerExtensions,
        // Without SSRCs in the offer, mediasoup matches the packets by their MID extension.
        encodings: [ssrc ? { ssrc, ...(rtx ? { rtx: { ssrc: rtx } } : {}) } : {}],
        rtcp: { cname: cname ?? `whip-${mid}`, reducedSize: Boolean(m.rtcpRsize) },
      },
      answer: { payloads: picked.payloads, media: m },
    };
  });
  if (!sections.some(Boolean)) throw new AppError('UNSUPPORTED_CODEC', 'The offer has no Opus, VP8 or constrained-baseline H.264 track');
  return { raw, sections, dtlsParameters: { role: 'client', fingerprints: [{ algorithm: fingerprint.type.toLowerCase() as types.FingerprintAlgorithm, value: fingerprint.hash.toUpperCase() }] } };
}

/** The SDP answer: every section of the offer, those taken as recvonly on the transport's ICE-lite candidates. */
export function writeWhipAnswer(offer: WhipOffer, transport: Pick<types.WebRtcTransport, 'iceParameters' | 'iceCandidates' | 'dtlsParameters'>): string {
  const fingerprint = transport.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256') ?? transport.dtlsParameters.fingerprints[0];
  if (!fingerprint) throw new ValidationError('transport', 'no DTLS fingerprint');
  const taken = offer.sections.filter((s): s is WhipTrack => s !== null);
  const answer: SessionDescription = {
    version: 0,
    origin: { username: '-', sessionId: Date.now(), sessionVersion: 1, netType: 'IN', ipVer: 4, address: '127.0.0.1' },
    name: '-',
    timing: { start: 0, stop: 0 },
    icelite: 'ice-lite',
    fingerprint: { type: fingerprint.algorithm, hash: fingerprint.value },
    groups: [{ type: 'BUNDLE', mids: taken.map((s) => s.mid).join(' ') }],
    msidSemantic: { semantic: 'WMS', token: '*' },
    media: offer.raw.media.map((m, i) => {
      const section = offer.sections[i];
      const mid = m.mid === undefined ? String(i) : String(m.mid);
      if (!section) {
        return { type: m.type, port: 0, protocol: m.protocol, payloads: String(m.payloads ?? '').split(/\s+/)[0] ?? '0', rtp: [], fmtp: [], mid, direction: 'inactive' as const };
      }
      const { payloads } = section.answer;
      return {
        type: m.type,
        port: 9,
        protocol: 'UDP/TLS/RTP/SAVPF',
        payloads: payloads.join(' '),
        connection: { version: 4, ip: '0.0.0.0' },
        mid,
        direction: 'recvonly' as const,
        iceUfrag: transport.iceParameters.usernameFragment,
        icePwd: transport.iceParameters.password,
        setup: 'passive',
        rtcpMux: 'rtcp-mux',
        ...(m.rtcpRsize ? { rtcpRsize: 'rtcp-rsize' } : {}),
        candidates: transport.iceCandidates.map((c) => ({
          foundation: c.foundation,
          component: 1,
          transport: c.protocol,
          priority: c.priority,
          ip: c.address,
          port: c.port,
          type: c.type,
          ...(c.tcpType ? { tcptype: c.tcpType } : {}),
        })),
        endOfCandidates: 'end-of-candidates',
        rtp: section.rtpParameters.codecs.map((c) => ({ payload: c.payloadType, codec: c.mimeType.split('/')[1]!, rate: c.clockRate, ...(c.channels && c.channels > 1 ? { encoding: c.channels } : {}) })),
        fmtp: section.rtpParameters.codecs
          .filter((c) => Object.keys(c.parameters ?? {}).length > 0)
          .map((c) => ({ payload: c.payloadType, config: Object.entries(c.parameters ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(';') })),
        rtcpFb: section.rtpParameters.codecs.flatMap((c) => (c.rtcpFeedback ?? []).map((f) => ({ payload: c.payloadType, type: f.type, ...(f.parameter ? { subtype: f.parameter } : {}) }))),
        ext: (section.rtpParameters.headerExtensions ?? []).map((e) => ({ value: e.id, uri: e.uri })),
      };
    }),
  };
  return write(answer);
}
