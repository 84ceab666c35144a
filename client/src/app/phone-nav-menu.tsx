import { lazy, Suspense } from 'react';
import type { MenuProps } from '../ui/menu';
import { useMediaQuery } from './use-media-query';

/** Where the header's links give way to the menu button; the same width as app-layout.module.css's. */
export const PHONE_NAV_QUERY = '(max-width: 520px)';

// The menu (Radix DropdownMenu, floating-ui, the focus and scroll locks: about 20 KB gzipped) is
// fetched only where it shows, below 520 px, and not with the app shell: on a wider screen the
// header's links stand for it and it is never downloaded.
const Menu = lazy(async () => ({ default: (await import('../ui/menu')).Menu }));

/**
 * The header's links as a menu button on a narrow screen (nothing on a wider one). The button
 * appears once its chunk is in, a moment after the header; until then nothing stands in for it,
 * so no tap can fall on a button that does not work yet.
 */
export function PhoneNavMenu(props: MenuProps) {
  const narrow = useMediaQuery(PHONE_NAV_QUERY);
  if (!narrow) return null;
  return (
    <Suspense fallback={null}>
      <Menu {...props} />
    </Suspense>
  );
}
