// Real podman for end-to-end tests, isolated per use: its own storage root and run root in a
// temporary directory, and a containers.conf (runc, no rlimits: see ../shared/notes/machines.md)
// and registries.conf (the Gantry registry on loopback marked insecure) passed through
// CONTAINERS_CONF / CONTAINERS_REGISTRIES_CONF, never written system-wide.

import { spawn } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function which(name: string): string | null {
  for (const dir of (process.env['PATH'] ?? '/usr/bin:/bin').split(delimiter).concat(['/usr/sbin', '/sbin'])) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** A statically linked binary to build test images from, offline. */
export function staticBinary(): string | null {
  for (const path of ['/bin/busybox', '/usr/bin/busybox']) {
    // A dynamically linked busybox (Debian's `busybox` package) cannot run FROM scratch.
    if (existsSync(path) && !readFileSync(path).includes('/ld-linux')) return path;
  }
  return null;
}

/** Why podman cannot be used here, or null when it can. */
export function podmanMissing(): string | null {
  if (!which('podman')) return 'podman is not installed (apt-get install podman runc; .ci/run does it)';
  if (!which('runc')) return 'runc is not installed (podman here needs runc: crun refuses the hybrid cgroup layout)';
  if (!staticBinary()) return 'no static busybox to build a test image from (apt-get install busybox-static)';
  if (process.getuid?.() !== 0) return 'podman tests run as root (rootless podman needs subuid ranges this machine lacks)';
  return null;
}

export class Podman {
  readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;

  /** `registries`: host:port values to mark insecure (plain HTTP on loopback). */
  constructor(registries: readonly string[], readonly storageDriver = 'vfs') {
    this.dir = mkdtempSync(join(tmpdir(), 'gantry-podman-'));
    writeFileSync(join(this.dir, 'containers.conf'), '[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"\n');
    const insecure = registries.map((r) => `[[registry]]\nlocation = "${r}"\ninsecure = true\n`).join('\n');
    writeFileSync(join(this.dir, 'registries.conf'), `unqualified-search-registries = []\n\n${insecure}`);
    this.env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: this.dir,
      CONTAINERS_CONF: join(this.dir, 'containers.conf'),
      CONTAINERS_REGISTRIES_CONF: join(this.dir, 'registries.conf'),
      REGISTRY_AUTH_FILE: join(this.dir, 'auth.json'),
      XDG_RUNTIME_DIR: join(this.dir, 'xdg'),
    };
    mkdirSync(join(this.dir, 'xdg'), { mode: 0o700 });
    writeFileSync(join(this.dir, 'auth.json'), '{"auths":{}}\n', { mode: 0o600 });
  }

  /** Runs `podman <args>` with this instance's storage and configuration. */
  run(args: readonly string[], input?: string, timeoutMs = 60_000): Promise<Run> {
    const storage = ['--root', join(this.dir, 'root'), '--runroot', join(this.dir, 'run'), '--storage-driver', this.storageDriver];
    return new Promise((resolve, reject) => {
      const child = spawn('podman', [...storage, ...args], { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(input ?? '');
    });
  }

  /** Runs and requires success. */
  async ok(args: readonly string[], input?: string): Promise<string> {
    const result = await this.run(args, input);
    if (result.code !== 0) throw new Error(`podman ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
    return result.stdout;
  }

  /** Builds `tag` FROM scratch with the static busybox and a command printing `message`. */
  async buildBusybox(tag: string, message: string, extra: { path: string; bytes: Buffer }[] = []): Promise<void> {
    const context = join(this.dir, `context-${Math.random().toString(36).slice(2)}`);
    mkdirSync(context);
    copyFileSync(staticBinary() as string, join(context, 'busybox'));
    const lines = ['FROM scratch', 'COPY busybox /bin/busybox', `CMD ["/bin/busybox", "echo", ${JSON.stringify(message)}]`];
    for (const [i, file] of extra.entries()) {
      writeFileSync(join(context, `extra-${i}`), file.bytes);
      lines.push(`COPY extra-${i} ${file.path}`);
    }
    writeFileSync(join(context, 'Containerfile'), `${lines.join('\n')}\n`);
    await this.ok(['build', '--network=none', '-q', '-t', tag, context]);
  }

  dispose(): void {
    // vfs storage holds plain files (no mounts), so removing the directory is enough.
    rmSync(this.dir, { recursive: true, force: true });
  }
}
