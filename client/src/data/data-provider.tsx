import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { createQueryClient } from './query-client';
import { SocketProvider, type SocketFactory } from './socket-provider';

/**
 * Server state for the whole app: the one QueryClient and the one socket, mounted once in the
 * app root. Tests pass their own client and socket factory.
 */
export function DataProvider({ children, client, socketFactory }: { children: ReactNode; client?: QueryClient; socketFactory?: SocketFactory }) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      {socketFactory ? <SocketProvider factory={socketFactory}>{children}</SocketProvider> : <SocketProvider>{children}</SocketProvider>}
    </QueryClientProvider>
  );
}
