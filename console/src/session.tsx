import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { api, rememberCsrfToken, RequestFailed, unwrap } from './api.js';
import type { components } from '../../api/client/index.js';

export type Identity = components['schemas']['Identity'];
type SignInBody = { email: string; password: string } | { opsKey: string };

interface Session {
  identity: Identity | undefined;
  loading: boolean;
  signIn(body: SignInBody): Promise<Identity>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);
const KEY = ['session'];

/** Who is signed in (GET /v1/session), shared by every page; sign-in and sign-out update it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const current = useQuery({
    queryKey: KEY,
    queryFn: async () => {
      const res = await api.GET('/v1/session');
      if (res.response.status === 401) return null;
      const body = unwrap(res);
      rememberCsrfToken(body.csrfToken);
      return body.identity;
    },
    staleTime: Infinity,
    retry: false,
  });
  // another person's data never shows after a sign-in or sign-out (the session query itself stays observed)
  const forgetOthers = () => queries.removeQueries({ predicate: (q) => q.queryKey[0] !== KEY[0] });
  const session: Session = {
    identity: current.data ?? undefined,
    loading: current.isPending,
    async signIn(body) {
      const answer = unwrap(await api.POST('/v1/session', { body }));
      rememberCsrfToken(answer.csrfToken);
      forgetOthers();
      queries.setQueryData(KEY, answer.identity);
      return answer.identity;
    },
    async signOut() {
      const res = await api.DELETE('/v1/session');
      if (!res.response.ok && res.response.status !== 401) throw new RequestFailed(res.response.status, undefined);
      rememberCsrfToken(undefined);
      forgetOthers();
      queries.setQueryData(KEY, null);
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
