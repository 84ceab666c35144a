import { describe, expect, it } from 'vitest';
import { x264Encoder } from '../encoders/x264';
import { buildIngestBridgeArgs, isConstrainedBaseline } from './ingest-args';

const rtp = {
  video: { ip: '127.0.0.1', port: 41000, rtcpPort: 41001, payloadType: 102, ssrc: 1 },
  audio: { ip: '127.0.0.1', port: 41002, rtcpPort: 41003, payloadType: 111, ssrc: 2 },
};
const after = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('ingest bridge arguments', () => {
  it('copies constrained-baseline H.264 from FLV with its parameter sets in-band, and sends Opus', () => {
    const args = buildIngestBridgeArgs({ input: { format: 'flv', url: 'pipe:3' }, video: { mode: 'copy' }, audio: true, rtp });
    expect(args.slice(args.indexOf('-f'), args.indexOf('-f') + 4)).toEqual(['-f', 'flv', '-i', 'pipe:3']);
    expect(after(args, '-c:v')).toBe('copy');
    expect(after(args, '-bsf:v')).toBe('h264_mp4toannexb');
    expect(args).not.toContain('-vf');
    expect(after(args, '-c:a')).toBe('libopus');
    expect(args.filter((a) => a.startsWith('rtp://'))).toEqual([
      'rtp://127.0.0.1:41000?rtcpport=41001&pkt_size=1200',
      'rtp://127.0.0.1:41002?rtcpport=41003&pkt_size=1200',
    ]);
    expect(args[args.indexOf('-map', args.indexOf('rtp://127.0.0.1:41000?rtcpport=41001&pkt_size=1200')) + 1]).toBe('0:a:0');
  });

  it('re-encodes other video to constrained baseline, 1280x720 at most, and sends silence for a source without audio', () => {
    const args = buildIngestBridgeArgs({ input: { format: 'mpegts', url: 'srt://127.0.0.1:5000?mode=listener' }, video: { mode: 'encode', encoder: x264Encoder }, audio: false, rtp });
    expect(after(args, '-vf')).toContain("scale='min(1280,iw)':'min(720,ih)'");
    expect(after(args, '-c:v')).toBe('libx264');
    expect(after(args, '-profile:v')).toBe('baseline');
    expect(args).toContain('anullsrc=channel_layout=stereo:sample_rate=48000');
    expect(args.filter((a, i) => args[i - 1] === '-map')).toEqual(['0:v:0', '1:a:0']);
  });

  it('tells constrained baseline from the AVC configuration record', () => {
    expect(isConstrainedBaseline(Buffer.from([1, 66, 0xc0, 31]))).toBe(true);
    expect(isConstrainedBaseline(Buffer.from([1, 66, 0xe0, 30]))).toBe(true);
    expect(isConstrainedBaseline(Buffer.from([1, 66, 0x80, 31]))).toBe(false);
    expect(isConstrainedBaseline(Buffer.from([1, 100, 0x00, 40]))).toBe(false);
    expect(isConstrainedBaseline(Buffer.from([1, 66]))).toBe(false);
    expect(isConstrainedBaseline(Buffer.from([0, 66, 0xc0, 31]))).toBe(false);
  });
});
