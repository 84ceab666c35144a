import { describe, expect, it } from 'vitest';
import { x264Encoder } from '../encoders/x264';
import { audioFilterGraph, buildLiveLadderArgs, gopFrames, videoFilterGraph } from './live-ladder-args';

const renditions = [
  { name: '720p', width: 1280, height: 720, videoKbps: 2500, audioKbps: 128 },
  { name: '360p', width: 640, height: 360, videoKbps: 700, audioKbps: 64 },
];
const input = { sdpPath: '/work/r1.sdp', renditions, segmentSeconds: 2, encoder: x264Encoder, hasAudio: true };

describe('live ladder arguments', () => {
  const args = buildLiveLadderArgs(input);
  const at = (flag: string, from = 0) => args[args.indexOf(flag, from) + 1];

  it('read the SDP with RTP allowed, low-latency input options and the timestamps kept', () => {
    expect(args.slice(args.indexOf('-f'), args.indexOf('-f') + 4)).toEqual(['-f', 'sdp', '-i', '/work/r1.sdp']);
    expect(at('-protocol_whitelist')).toBe('file,udp,rtp');
    expect(at('-reorder_queue_size')).toBe('128');
    expect(at('-max_delay')).toBe('100000');
    expect(Number(at('-buffer_size'))).toBeGreaterThanOrEqual(1 << 20);
    expect(at('-listen_timeout')).toBe('-1');
    expect(args.indexOf('-copyts')).toBeGreaterThan(args.indexOf('-i'));
  });

  it('scale one constant-rate video to every rendition, keeping the aspect ratio with padding', () => {
    expect(videoFilterGraph(renditions, 30)).toBe(
      '[0:v:0]select=gte(t\\,0.1),fps=30:round=down,split=2[vs0][vs1];' +
        '[vs0]scale=w=1280:h=720:force_original_aspect_ratio=decrease:force_divisible_by=2:flags=bilinear,pad=1280:720:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p[v0];' +
        '[vs1]scale=w=640:h=360:force_original_aspect_ratio=decrease:force_divisible_by=2:flags=bilinear,pad=640:360:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p[v1]',
    );
    expect(audioFilterGraph(renditions)).toBe('[0:a:0]aresample=async=1:min_hard_comp=0.1,asplit=2[a0][a1]');
    expect(args.filter((a) => a === '-filter_complex')).toHaveLength(2);
  });

  it('write one CMAF stream per rendition to its own pipe, a fragment per 10 frames, with aligned key frames', () => {
    expect(gopFrames(30, 2)).toBe(60);
    expect(at('-force_key_frames')).toBe('expr:isnan(prev_forced_t)+gte(t,prev_forced_t+1.983333)');
    const outputs = args.filter((a) => a.startsWith('pipe:'));
    expect(outputs).toEqual(['pipe:3', 'pipe:4']);
    const second = args.indexOf('-map', args.indexOf(outputs[0]!));
    expect(args.slice(second, second + 4)).toEqual(['-map', '[v1]', '-map', '[a1]']);
    expect(at('-b:v', second)).toBe('700k');
    expect(at('-g', second)).toBe('60');
    expect(at('-sc_threshold', second)).toBe('0');
    expect(at('-c:a', second)).toBe('aac');
    expect(at('-b:a', second)).toBe('64k');
    expect(at('-f', second)).toBe('mp4');
    expect(at('-movflags', second)).toBe('+empty_moov+delay_moov+frag_keyframe+default_base_moof+frag_discont+skip_trailer');
    // A video packet cuts the fragment after 10 frames (333 ms), before the audio's 16th frame (341 ms) would.
    expect(Number(at('-frag_duration', second))).toBeGreaterThan(9 * (1e6 / 30));
    expect(Number(at('-frag_duration', second))).toBeLessThanOrEqual(10 * (1e6 / 30));
    expect(Number(at('-frag_duration', second))).toBeGreaterThan(15 * (1024 / 48000) * 1e6);
    expect(at('-flush_packets', second)).toBe('1');
    expect(args.at(-1)).toBe('pipe:4');
  });

  it('leave audio out entirely when the SDP has none', () => {
    const videoOnly = buildLiveLadderArgs({ ...input, hasAudio: false });
    expect(videoOnly.filter((a) => a === '-filter_complex')).toHaveLength(1);
    expect(videoOnly).not.toContain('-c:a');
    expect(videoOnly.filter((a) => a.startsWith('[a'))).toEqual([]);
  });
});
