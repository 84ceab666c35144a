import { useEffect, useMemo } from 'react';

/**
 * A three.js resource (geometry, material) made once per `deps` and disposed when they change or
 * the component unmounts. For resources passed as props, which react-three-fiber does not own.
 */
export function useDisposable<T extends { dispose(): void }>(create: () => T, deps: readonly unknown[]): T {
  const resource = useMemo(create, deps);
  useEffect(() => () => resource.dispose(), [resource]);
  return resource;
}
