import { lazy, Suspense, useState } from 'react';
import { cx } from '../ui/class-names';
import type { MenuProps } from '../ui/menu';
import menuStyles from '../ui/menu.module.css';
import { useMediaQuery } from './use-media-query';

/** Below this width the header's links always give way to the menu button; the same width as app-layout.module.css's. */
export const PHONE_NAV_QUERY = '(max-width: 520px)';

// The menu's code (Radix DropdownMenu, floating-ui, the focus and scroll locks: about 33 KB
// gzipped with its CSS) is not in the app shell: a plain button of the same look stands for the
// trigger, and the first tap, click, Enter, Space or ArrowDown on it fetches the menu, which opens
// as soon as it is in (a pointer over it or the focus on it starts the fetch early). A header whose
// links show in its row renders neither.
const loadMenu = () => import('../ui/menu');
const Menu = lazy(async () => ({ default: (await loadMenu()).Menu }));

/** The header's links as a menu button where it is `shown` (default: on a narrow screen); nothing elsewhere. */
export function PhoneNavMenu({ shown, ...props }: MenuProps & { shown?: boolean }) {
  const narrow = useMediaQuery(PHONE_NAV_QUERY);
  const [wanted, setWanted] = useState(false);
  const visible = shown ?? narrow;
  // Hidden, it forgets the tap that fetched it: the real menu opens as it mounts, and shown again
  // (the header's links fitted for a while), it must wait for the next tap.
  if (!visible && wanted) setWanted(false);
  if (!visible) return null;
  const stand = (
    <button
      type="button"
      className={cx(menuStyles.trigger, props.triggerClassName)}
      aria-label={props.label}
      aria-haspopup="menu"
      aria-expanded={false}
      aria-busy={wanted || undefined}
      data-testid={props.triggerTestId}
      onPointerEnter={() => void loadMenu().catch(() => undefined)}
      onFocus={() => void loadMenu().catch(() => undefined)}
      onClick={() => setWanted(true)}
      onKeyDown={(event) => {
        if (event.key !== 'ArrowDown') return;
        event.preventDefault();
        setWanted(true);
      }}
    >
      <span aria-hidden="true">{props.icon ?? '⋯'}</span>
    </button>
  );
  if (!wanted) return stand;
  return (
    <Suspense fallback={stand}>
      <Menu {...props} defaultOpen />
    </Suspense>
  );
}
