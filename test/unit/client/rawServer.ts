/**
 * A misbehaving HTTP server on 127.0.0.1 for what a mock dispatcher cannot show: sockets that
 * never answer, reset after reading a request, or cut a body short. Each request is handed to
 * the test's `respond`, which writes raw bytes (or nothing) to the socket.
 */
import net from 'node:net';
import tls from 'node:tls';

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly head: string;
}

export type Respond = (socket: net.Socket, request: RawRequest, index: number) => void;

export class RawServer {
  readonly requests: RawRequest[] = [];
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();

  private constructor(respond: Respond, tlsOptions: tls.TlsOptions | undefined) {
    const onSocket = (socket: net.Socket): void => this.#serve(socket, respond);
    this.#server = tlsOptions ? tls.createServer(tlsOptions, onSocket) : net.createServer(onSocket);
  }

  /** Starts a plain (or, with `tlsOptions`, TLS) server; `respond` decides what each request gets. */
  static async start(respond: Respond, tlsOptions?: tls.TlsOptions): Promise<RawServer> {
    const instance = new RawServer(respond, tlsOptions);
    await new Promise<void>((resolve) => instance.#server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  #serve(socket: net.Socket, respond: Respond): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      // Requests here carry small bodies with content-length; read head and body, then answer.
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.slice(0, end);
        const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? '0');
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.slice(end + 4 + length);
        const [method = '', path = ''] = head.split(' ');
        const request = { method, path, head };
        this.requests.push(request);
        respond(socket, request, this.requests.length - 1);
      }
    });
  }

  get url(): string {
    const address = this.#server.address() as net.AddressInfo;
    return `${this.#server instanceof tls.Server ? 'https' : 'http'}://127.0.0.1:${address.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Writes a complete HTTP/1.1 answer. */
export function writeAnswer(socket: net.Socket, status: number, body: string, contentType = 'application/json; charset=utf-8', extraHeaders = ''): void {
  const length = Buffer.byteLength(body);
  socket.write(`HTTP/1.1 ${status} X\r\ncontent-type: ${contentType}\r\ncontent-length: ${length}\r\n${extraHeaders}\r\n${body}`);
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
