// Recognises the first RTP packet of a key frame, so a new ffmpeg run starts decoding at once
// instead of chewing on inter frames it cannot decode.

/** True when a VP8 RTP payload (RFC 7741) starts a key frame. */
export function isVp8KeyframeStart(payload: Uint8Array): boolean {
  if (payload.length < 1) return false;
  const b0 = payload[0]!;
  const start = (b0 & 0x10) !== 0;
  const partition = b0 & 0x07;
  if (!start || partition !== 0) return false;
  let offset = 1;
  if (b0 & 0x80) {
    const x = payload[offset++];
    if (x === undefined) return false;
    if (x & 0x80) offset += (payload[offset]! & 0x80) !== 0 ? 2 : 1; // PictureID, 7 or 15 bits
    if (x & 0x40) offset += 1; // TL0PICIDX
    if (x & 0x30) offset += 1; // TID / KEYIDX
  }
  const header = payload[offset];
  // Bit 0 of the VP8 frame tag is the inverse key frame flag.
  return header !== undefined && (header & 0x01) === 0;
}

const H264_IDR = 5;
const H264_SPS = 7;
const isH264KeyNal = (type: number) => type === H264_IDR || type === H264_SPS;

/** True when an H.264 RTP payload (RFC 6184) carries an SPS or the start of an IDR slice. */
export function isH264KeyframeStart(payload: Uint8Array): boolean {
  if (payload.length < 1) return false;
  const type = payload[0]! & 0x1f;
  if (type >= 1 && type <= 23) return isH264KeyNal(type);
  if (type === 24) {
    // STAP-A: 16-bit size, then the NAL unit, repeated.
    let offset = 1;
    while (offset + 2 < payload.length) {
      const size = (payload[offset]! << 8) | payload[offset + 1]!;
      if (isH264KeyNal(payload[offset + 2]! & 0x1f)) return true;
      offset += 2 + size;
    }
    return false;
  }
  if (type === 28 && payload.length >= 2) {
    // FU-A: start bit and the fragmented NAL's type in the FU header.
    return (payload[1]! & 0x80) !== 0 && isH264KeyNal(payload[1]! & 0x1f);
  }
  return false;
}

/** Key frame start detector for a codec name as in `a=rtpmap` (VP8, H264); undefined if unknown. */
export function keyframeDetector(codec: string): ((payload: Uint8Array) => boolean) | undefined {
  switch (codec.toUpperCase()) {
    case 'VP8':
      return isVp8KeyframeStart;
    case 'H264':
      return isH264KeyframeStart;
    default:
      return undefined;
  }
}
