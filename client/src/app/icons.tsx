// Small inline icons (no icon font, nothing fetched), drawn with currentColor.

const common = { width: 18, height: 18, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true } as const;

/** Speaker with sound waves. */
export function SoundOnIcon() {
  return (
    <svg {...common}>
      <path d="M11 5 6 9H3v6h3l5 4z" />
      <path d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13" />
    </svg>
  );
}

/** Speaker crossed out. */
export function SoundOffIcon() {
  return (
    <svg {...common}>
      <path d="M11 5 6 9H3v6h3l5 4z" />
      <path d="m22 9-6 6M16 9l6 6" />
    </svg>
  );
}

/** Four corners, for fullscreen. */
export function FullscreenIcon() {
  return (
    <svg {...common}>
      <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />
    </svg>
  );
}

/** A person, for the viewer count. */
export function ViewersIcon() {
  return (
    <svg {...common} width={16} height={16}>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21a8 8 0 0 1 16 0" />
    </svg>
  );
}
