/**
 * The HTTP(S) side of one coordinator: accepts connections on 127.0.0.1, reads whole request bodies
 * (capped), hands each request to its owner and writes the answer — or destroys the connection when
 * told to. Closing destroys every socket, keep-alive ones included.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { RawRequest, SandboxResponse } from './messages';

/** arangod accepts far bigger bodies; 64 MiB is plenty for tests and keeps a runaway client harmless. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface TlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
}

/** What to do with a request: answer it (and maybe run something once the answer is out), or drop the connection. */
export type Outcome =
  | { kind: 'respond'; response: SandboxResponse; afterResponse?: () => void }
  | { kind: 'destroy' };

export type RequestServer = (request: RawRequest) => Promise<Outcome>;

export class HttpListener {
  private server: http.Server | https.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;

  constructor(
    private readonly serve: RequestServer,
    private readonly tls: TlsOptions | undefined,
    private readonly onError: (message: string) => void,
  ) {}

  get port(): number {
    return this.boundPort;
  }

  /** Starts listening on 127.0.0.1:`port` (0: any free port). */
  async listen(port: number): Promise<number> {
    const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
      void this.onRequest(request, response);
    };
    const server = this.tls === undefined ? http.createServer(handler) : https.createServer({ cert: this.tls.cert, key: this.tls.key }, handler);
    // arangod keeps idle connections for 300 s (--http.keep-alive-timeout).
    server.keepAliveTimeout = 300_000;
    server.on(this.tls === undefined ? 'connection' : 'secureConnection', (socket: Socket) => this.track(socket));
    if (this.tls !== undefined) {
      server.on('connection', (socket: Socket) => this.track(socket));
    }
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => this.onError(`listener error: ${error.message}`));
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    return this.boundPort;
  }

  /** Stops accepting connections and destroys every open one. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) {
      return;
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.sockets) {
      socket.destroy();
    }
    this.sockets.clear();
    await closed;
  }

  private track(socket: Socket): void {
    if (this.server === undefined) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private async onRequest(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    try {
      const body = await readBody(request);
      if (body === undefined) {
        // Like arangod: 413 without a body, and the connection is closed.
        response.writeHead(413, { connection: 'close', 'content-length': '0' });
        response.end(() => request.socket.destroy());
        return;
      }
      const outcome = await this.serve({
        method: (request.method ?? 'GET').toUpperCase(),
        url: request.url ?? '/',
        headers: request.headers,
        body,
      });
      if (outcome.kind === 'destroy') {
        request.socket.destroy();
        return;
      }
      write(response, request.method === 'HEAD', outcome.response, outcome.afterResponse);
    } catch (error: unknown) {
      this.onError(`request failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('internal sandbox error');
      } else {
        request.socket.destroy();
      }
    }
  }
}

/** The whole body, or undefined when it is larger than MAX_BODY_BYTES. */
function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    request.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
      } else if (!tooLarge) {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function write(response: http.ServerResponse, head: boolean, answer: SandboxResponse, afterResponse?: () => void): void {
  if (response.destroyed || response.writableEnded) {
    return;
  }
  const headers: http.OutgoingHttpHeaders = { ...answer.headers };
  headers['content-length'] = String(answer.body.length);
  response.writeHead(answer.status, headers);
  if (afterResponse !== undefined) {
    response.once('finish', afterResponse);
  }
  response.end(head ? undefined : answer.body);
}
