/**
 * WebSocket frames of `/ws` (JSON text). The client sends {@link ClientFrame}s, validated by the
 * server with {@link clientFrameSchema}; the server sends {@link ServerFrame}s: status messages of
 * submissions, `run` messages of runs, and its answers.
 */
import { z } from 'zod';
import { API_ERROR_CODES } from './errors.js';
import { runMessageSchema } from './runs.js';
import { statusMessageSchema } from './status.js';

export const CLIENT_FRAME_TYPES = ['auth', 'subscribe', 'ping'] as const;

export const clientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(512) }),
  z.object({ type: z.literal('subscribe'), submissionId: z.string().min(1).max(128) }),
  z.object({ type: z.literal('ping') }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('type', [
  statusMessageSchema,
  runMessageSchema,
  z.object({ type: z.literal('ready'), userId: z.string(), instanceId: z.string() }),
  z.object({ type: z.literal('error'), code: z.enum(API_ERROR_CODES), message: z.string(), submissionId: z.string().optional() }),
  z.object({ type: z.literal('pong') }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
