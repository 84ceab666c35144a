import { describe, expect, it } from 'vitest';
import { x264Encoder } from '../encoders/x264';
import { audioFilterGraph, buildLiveLadderArgs, gopFrames, videoFilterGraph } from './live-ladder-args';

const renditions = [
  { name: '720p', width: 1280, height: 720, videoKbps: 2500, audioKbps: 128 },
  { name: '360p', width: 640, height: 360, videoKbps: 700, audioKbps: 64 },
];
const input = { sdpPath: '/work/r1.sdp', outputDir: '/media/hls/s1', runPrefix: 'k1-r3', renditions, segmentSeconds: 2, encoder: x264Encoder, hasAudio: true };

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

  it('write one fMP4 HLS output per rendition with aligned key frames and per-run file names', () => {
    expect(gopFrames(30, 2)).toBe(60);
    expect(at('-force_key_frames')).toBe('expr:isnan(prev_forced_t)+gte(t,prev_forced_t+1.983333)');
    const outputs = args.filter((a) => a.endsWith('.m3u8'));
    expect(outputs).toEqual(['/media/hls/s1/720p/.k1-r3.m3u8', '/media/hls/s1/360p/.k1-r3.m3u8']);
    const second = args.indexOf('-map', args.indexOf(outputs[0]!));
    expect(args.slice(second, second + 4)).toEqual(['-map', '[v1]', '-map', '[a1]']);
    expect(at('-b:v', second)).toBe('700k');
    expect(at('-g', second)).toBe('60');
    expect(at('-sc_threshold', second)).toBe('0');
    expect(at('-c:a', second)).toBe('aac');
    expect(at('-b:a', second)).toBe('64k');
    expect(at('-hls_time', second)).toBe('2');
    expect(at('-hls_segment_type', second)).toBe('fmp4');
    expect(at('-hls_playlist_type', second)).toBe('event');
    expect(at('-hls_flags', second)).toBe('temp_file');
    expect(at('-hls_segment_options', second)).toBe('movflags=+frag_discont');
    expect(at('-hls_fmp4_init_filename', second)).toBe('k1-r3-init.mp4');
    expect(at('-hls_segment_filename', second)).toBe('/media/hls/s1/360p/k1-r3-%05d.m4s');
  });

  it('leave audio out entirely when the SDP has none', () => {
    const videoOnly = buildLiveLadderArgs({ ...input, hasAudio: false });
    expect(videoOnly.filter((a) => a === '-filter_complex')).toHaveLength(1);
    expect(videoOnly).not.toContain('-c:a');
    expect(videoOnly.filter((a) => a.startsWith('[a'))).toEqual([]);
  });
});
