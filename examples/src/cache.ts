import { readFileSync, writeFile } from 'node:fs';
import { readFile, writeFile as writeFileAsync } from 'node:fs/promises';

interface Entry<T> {
  value: T;
  expires: number;
}

/** A file-backed cache for the TypeScript half of the service. */
export class FileCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly file: string) {}

  async load(): Promise<void> {
    const text = readFileSync(this.file, 'utf8');
    for (const [key, entry] of Object.entries(JSON.parse(text) as Record<string, Entry<T>>)) {
      this.entries.set(key, entry);
    }
  }

  async refresh(): Promise<number> {
    return readFile(this.file, 'utf8').then((text) => {
      const count = Object.keys(JSON.parse(text) as object).length;
      return count;
    });
  }

  set(key: string, value: T, seconds: number): void {
    this.entries.set(key, { value, expires: Date.now() + seconds * 1000 });
    this.persist();
  }

  private async persist(): Promise<void> {
    await writeFileAsync(this.file, JSON.stringify(Object.fromEntries(this.entries)));
  }

  save(callback: (err: NodeJS.ErrnoException | null) => void): void {
    writeFile(this.file, JSON.stringify(Object.fromEntries(this.entries)), callback);
  }
}
