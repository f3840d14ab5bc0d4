import * as vscode from 'vscode';

/** A file as a read-only file system serves it. */
export interface RenderedFile {
  /** Size in bytes of what `read` gives. */
  readonly size: number;
  /** Epoch ms, so VS Code reloads an open tab only when what it shows has changed. */
  readonly mtime: number;
  /** The content; only called when VS Code reads the file, not on every `stat`. */
  read(): Promise<Uint8Array>;
}

/**
 * A flat, read-only file system whose files are rendered on demand (`undefined`: no such file).
 * Registered with `isReadonly`, its documents are read-only to people and to extensions alike:
 * typing is refused with the reason given, and a `WorkspaceEdit` on them fails.
 */
export class ReadOnlyFileSystem implements vscode.FileSystemProvider {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;

  constructor(private readonly render: (uri: vscode.Uri) => Promise<RenderedFile | undefined>) {}

  /**
   * Registers the file system for `scheme`.
   *
   * @example context.subscriptions.push(ReadOnlyFileSystem.register('arangodb-result', render, 'Stored results are read-only.'));
   */
  static register(scheme: string, render: (uri: vscode.Uri) => Promise<RenderedFile | undefined>, why: string): vscode.Disposable {
    const files = new ReadOnlyFileSystem(render);
    const registration = vscode.workspace.registerFileSystemProvider(scheme, files, {
      isCaseSensitive: true,
      isReadonly: new vscode.MarkdownString(why),
    });
    return vscode.Disposable.from(registration, files.changes);
  }

  watch(): vscode.Disposable {
    // Stored results never change in place: a result is replaced only by a new job.
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    if (uri.path === '/') {
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
    }
    const file = await this.rendered(uri);
    return { type: vscode.FileType.File, ctime: file.mtime, mtime: file.mtime, size: file.size, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.rendered(uri)).read();
  }

  readDirectory(): Array<[string, vscode.FileType]> {
    return [];
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  private async rendered(uri: vscode.Uri): Promise<RenderedFile> {
    const file = await this.render(uri);
    if (file === undefined) {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    return file;
  }
}
