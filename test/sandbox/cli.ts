/**
 * `node dist/sandbox.js [options]` (`npm run sandbox -- [options]`): runs the sandbox until SIGINT
 * or SIGTERM. Prints one `listening on <url>` line per coordinator and never the password.
 */
import { readFileSync } from 'node:fs';
import { startSandbox, type SandboxOptions } from './index';

const USAGE = `Usage: node dist/sandbox.js [options]

An ArangoDB 3.12-compatible sandbox server for development and tests (127.0.0.1 only).

Options:
  --port N              first port (coordinator i listens on N + i; default 8529, 0 = any free port)
  --password P          root's password (default: empty, credentials are still required)
  --no-auth             disable authentication (like --server.authentication false)
  --coordinators N      number of coordinators (default 1)
  --workers N           async job workers per coordinator (default 2)
  --max-queue-size N    queued async requests before 503 (default 4096)
  --no-forwarding       answer 404 for another coordinator's jobs (pre-3.7 behaviour)
  --seed demo           create the demo collections 'students' and 'courses' in _system
  --latency-ms N        add N ms latency to every request
  --latency-jitter-ms N add up to N ms random latency
  --unavailable-rate F  answer this fraction of requests with 503
  --reset-rate F        destroy the connection of this fraction of requests
  --fault-seed N        seed for the random fault choices
  --tls-cert FILE       serve HTTPS with this certificate (PEM)
  --tls-key FILE        ... and this private key (PEM)
  --verbose             log lifecycle events to stderr
  --help                show this help

Sandbox-only control API (no credentials): GET /_sandbox/stats, POST /_sandbox/faults,
POST /_sandbox/restart {"downtimeMs": n}.`;

class UsageError extends Error {}

interface CliArguments {
  options: SandboxOptions;
  help: boolean;
  verbose: boolean;
}

function parseArguments(argv: readonly string[]): CliArguments {
  const options: SandboxOptions = { port: 8529 };
  const faults: NonNullable<SandboxOptions['faults']> = {};
  let help = false;
  let verbose = false;
  let certFile: string | undefined;
  let keyFile: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    const value = (): string => {
      const next = argv[i + 1];
      if (next === undefined) {
        throw new UsageError(`${flag} needs a value`);
      }
      i += 1;
      return next;
    };
    const number = (): number => {
      const text = value();
      const parsed = Number(text);
      if (text.trim() === '' || !Number.isFinite(parsed)) {
        throw new UsageError(`${flag} needs a number, got '${text}'`);
      }
      return parsed;
    };
    switch (flag) {
      case '--help':
      case '-h':
        help = true;
        break;
      case '--port':
        options.port = number();
        break;
      case '--password':
        options.password = value();
        break;
      case '--no-auth':
        options.authentication = false;
        break;
      case '--coordinators':
        options.coordinators = number();
        break;
      case '--workers':
        options.workers = number();
        break;
      case '--max-queue-size':
        options.maxQueueSize = number();
        break;
      case '--no-forwarding':
        options.forwarding = false;
        break;
      case '--seed': {
        const seed = value();
        if (seed !== 'demo') {
          throw new UsageError(`unknown seed '${seed}' (known: demo)`);
        }
        options.seed = seed;
        break;
      }
      case '--latency-ms':
        faults.latencyMs = number();
        break;
      case '--latency-jitter-ms':
        faults.latencyJitterMs = number();
        break;
      case '--unavailable-rate':
        faults.unavailableRate = number();
        break;
      case '--reset-rate':
        faults.resetRate = number();
        break;
      case '--fault-seed':
        faults.seed = number();
        break;
      case '--tls-cert':
        certFile = value();
        break;
      case '--tls-key':
        keyFile = value();
        break;
      case '--verbose':
        verbose = true;
        break;
      default:
        throw new UsageError(`unknown option '${flag}'`);
    }
  }
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  if (certFile !== undefined && keyFile !== undefined) {
    options.tls = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  }
  if (Object.keys(faults).length > 0) {
    options.faults = faults;
  }
  return { options, help, verbose };
}

async function main(): Promise<void> {
  let parsed: CliArguments;
  try {
    parsed = parseArguments(process.argv.slice(2));
  } catch (error: unknown) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { options } = parsed;
  if (parsed.verbose) {
    options.log = (line) => process.stderr.write(`[sandbox] ${line}\n`);
  }
  const sandbox = await startSandbox(options);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    sandbox.close().then(
      () => {
        if (parsed.verbose) {
          process.stderr.write(`[sandbox] stopped on ${signal}\n`);
        }
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // Handlers first: whoever reads the listening line may signal at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for (const url of sandbox.urls) {
    process.stdout.write(`listening on ${url}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
