import { createContext, useContext } from 'react';
import type { LiveSocket } from './live.js';

/** The signed-in user's WebSocket; null for the admin and for visitors. */
export const LiveContext = createContext<LiveSocket | null>(null);

export function useLive(): LiveSocket | null {
  return useContext(LiveContext);
}
