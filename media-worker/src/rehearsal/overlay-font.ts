import { execFile } from 'node:child_process';

// Preferred faces, most legible first; any other TrueType/OpenType file will do.
const PREFERRED = [/DejaVuSansMono-Bold\.ttf$/, /DejaVuSansMono\.ttf$/, /LiberationMono-Regular\.ttf$/, /DejaVuSans\.ttf$/];
// The path goes into a filter graph unquoted-escaped; anything unusual is not worth the risk.
const SAFE_PATH = /^\/[A-Za-z0-9/._-]+\.(ttf|otf)$/i;

/** Picks a font file from `fc-list` output (one file per line); undefined when none fits. */
export function pickFontFile(fcListOutput: string): string | undefined {
  const files = fcListOutput
    .split('\n')
    .map((l) => l.trim().replace(/:$/, ''))
    .filter((f) => SAFE_PATH.test(f));
  for (const pattern of PREFERRED) {
    const hit = files.find((f) => pattern.test(f));
    if (hit) return hit;
  }
  return files.sort()[0];
}

let cached: Promise<string | undefined> | undefined;

/**
 * A font for the rehearsal clock overlay from the installed fonts (`fc-list`), or undefined
 * (no fontconfig, no font): the overlay is then left out. Nothing is ever downloaded.
 */
export function findOverlayFont(): Promise<string | undefined> {
  cached ??= new Promise((resolve) => {
    execFile('fc-list', ['--format', '%{file}\n'], { timeout: 10_000 }, (err, stdout) => resolve(err ? undefined : pickFontFile(stdout)));
  });
  return cached;
}
