import { UploadMetadata } from '@yunzhan/shared';
import { describe, expect, it } from 'vitest';
import { AUDIO_FILE_ACCEPT, WORK_FILE_ACCEPT, extensionOf, inferWorkKind, uploadFiletype } from './work-kind';

describe('work kind inference', () => {
  it('takes the kind from a MIME type the server accepts', () => {
    expect(inferWorkKind('scan.jpg', 'image/jpeg')).toBe('image');
    expect(inferWorkKind('scan', 'image/avif')).toBe('image');
    expect(inferWorkKind('clip.mov', 'video/quicktime')).toBe('video');
    expect(inferWorkKind('song', 'audio/mpeg')).toBe('audio');
    expect(inferWorkKind('vase', 'model/gltf-binary')).toBe('model');
    expect(inferWorkKind('x.webm', 'video/webm; codecs="vp9"')).toBe('video');
  });

  it('falls back to the extension when the browser gives no type or a generic one', () => {
    expect(inferWorkKind('Vase.GLB', '')).toBe('model');
    expect(inferWorkKind('vase.glb', 'application/octet-stream')).toBe('model');
    expect(inferWorkKind('take.mkv', '')).toBe('video');
    expect(inferWorkKind('guide.m4a', '')).toBe('audio');
    expect(inferWorkKind('photo.PNG', '')).toBe('image');
  });

  it('refuses image types the server does not render and files it cannot place', () => {
    expect(inferWorkKind('anim.gif', 'image/gif')).toBeNull();
    expect(inferWorkKind('logo.svg', 'image/svg+xml')).toBeNull();
    expect(inferWorkKind('notes.txt', 'text/plain')).toBeNull();
    expect(inferWorkKind('README', '')).toBeNull();
    expect(inferWorkKind('.glb', '')).toBeNull();
  });

  it('reads extensions without the dot, lower-cased', () => {
    expect(extensionOf('a.b.JPEG')).toBe('jpeg');
    expect(extensionOf('noext')).toBe('');
  });

  it('declares an upload type the shared upload schema accepts', () => {
    const cases: Array<[string, Parameters<typeof uploadFiletype>[1], string]> = [
      ['image/webp', 'image', 'image/webp'],
      ['', 'model', 'model/gltf-binary'],
      ['application/octet-stream', 'model', 'application/octet-stream'],
      ['image/gif', 'image', ''],
      ['audio/x-m4a', 'audio', 'audio/x-m4a'],
      ['weird/thing', 'video', ''],
    ];
    for (const [type, kind, expected] of cases) {
      const filetype = uploadFiletype(type, kind);
      expect(filetype).toBe(expected);
      expect(UploadMetadata.safeParse({ filename: 'f', filetype }).success).toBe(true);
    }
  });

  it('accepts images, video, GLB and audio in the picker', () => {
    expect(WORK_FILE_ACCEPT.split(',')).toEqual(expect.arrayContaining(['image/jpeg', 'video/*', 'audio/*', '.glb', 'model/gltf-binary']));
    expect(AUDIO_FILE_ACCEPT.split(',')).toEqual(expect.arrayContaining(['audio/*', '.mp3', '.m4a']));
    expect(AUDIO_FILE_ACCEPT).not.toContain('.mp4');
  });
});
