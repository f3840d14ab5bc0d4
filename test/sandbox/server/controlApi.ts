/**
 * The sandbox-only control API under `/_sandbox/` — not part of ArangoDB. It lets tests in other
 * processes (e.g. an extension host) inject faults, restart the server and count requests. It needs
 * no credentials and is never subject to faults.
 *
 * - `GET  /_sandbox/stats` → request counts; `DELETE /_sandbox/stats` resets them
 * - `GET  /_sandbox/faults` → the current FaultOptions; `POST /_sandbox/faults` (JSON FaultOptions) replaces them
 * - `POST /_sandbox/restart` (`{"downtimeMs": n}`) → answers 200, then restarts every coordinator
 */
import type { FaultOptions } from './faults';
import type { Outcome } from './httpListener';
import { jsonResponse, type RawRequest, type SandboxResponse } from './messages';
import type { SandboxStats } from './stats';

export interface ControlTarget {
  faults(): FaultOptions;
  setFaults(options: FaultOptions): void;
  restart(options: { downtimeMs?: number }): Promise<void>;
  stats(): SandboxStats;
  resetStats(): void;
  log(line: string): void;
}

const FAULT_KEYS = ['latencyMs', 'latencyJitterMs', 'unavailableRate', 'resetRate', 'seed'] as const;

export function handleControlRequest(target: ControlTarget, request: RawRequest): Outcome {
  const path = request.url.split('?')[0]!.replace(/\/+$/, '');
  const respond = (response: SandboxResponse, afterResponse?: () => void): Outcome =>
    afterResponse === undefined ? { kind: 'respond', response } : { kind: 'respond', response, afterResponse };
  try {
    switch (`${request.method} ${path}`) {
      case 'GET /_sandbox':
        return respond(
          jsonResponse(200, {
            sandbox: true,
            routes: ['GET /_sandbox/stats', 'DELETE /_sandbox/stats', 'GET /_sandbox/faults', 'POST /_sandbox/faults', 'POST /_sandbox/restart'],
          }),
        );
      case 'GET /_sandbox/stats':
        return respond(jsonResponse(200, target.stats()));
      case 'DELETE /_sandbox/stats':
        target.resetStats();
        return respond(jsonResponse(200, { ok: true }));
      case 'GET /_sandbox/faults':
        return respond(jsonResponse(200, target.faults()));
      case 'POST /_sandbox/faults': {
        const body = parseObject(request.body);
        const options: FaultOptions = {};
        for (const key of FAULT_KEYS) {
          const value = body[key];
          if (value !== undefined) {
            if (typeof value !== 'number') {
              throw new RangeError(`${key} must be a number`);
            }
            options[key] = value;
          }
        }
        target.setFaults(options);
        return respond(jsonResponse(200, { ok: true, faults: target.faults() }));
      }
      case 'POST /_sandbox/restart': {
        const body = parseObject(request.body);
        const downtimeMs = body['downtimeMs'];
        if (downtimeMs !== undefined && (typeof downtimeMs !== 'number' || downtimeMs < 0)) {
          throw new RangeError('downtimeMs must be a non-negative number');
        }
        const options = typeof downtimeMs === 'number' ? { downtimeMs } : {};
        // Restart once this answer has left, or the restart would cut it off.
        return respond(jsonResponse(200, { ok: true, restarting: true }), () => {
          target.restart(options).catch((error: unknown) => target.log(`restart failed: ${String(error)}`));
        });
      }
      default:
        return respond(jsonResponse(404, { ok: false, error: `unknown sandbox control route ${request.method} ${path}` }));
    }
  } catch (error: unknown) {
    return respond(jsonResponse(400, { ok: false, error: error instanceof Error ? error.message : String(error) }));
  }
}

function parseObject(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') {
    return {};
  }
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RangeError('expecting a JSON object');
  }
  return value as Record<string, unknown>;
}
