/** A trophy drawn inline (nothing fetched), gold by default. `size` is in CSS pixels (default 24). */
export function TrophyIcon({ size = 24, className }: { size?: number; className?: string }) {
  return (
    <svg className={className} width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M7 3h10v5a5 5 0 0 1-10 0z" fill="#e6b873" stroke="#8a6a2c" strokeWidth="1" />
      <path d="M7 5H4v2a3 3 0 0 0 3 3M17 5h3v2a3 3 0 0 1-3 3" fill="none" stroke="#e6b873" strokeWidth="1.6" strokeLinecap="round" />
      <path d="M10.5 13h3v3.5h-3z" fill="#c99a4a" />
      <path d="M8 17h8l1 3H7z" fill="#e6b873" stroke="#8a6a2c" strokeWidth="1" />
      <path d="M10 5.5l.6 1.3 1.4.2-1 1 .2 1.4-1.2-.7-1.2.7.2-1.4-1-1 1.4-.2z" fill="#fff4d6" />
    </svg>
  );
}
