/**
 * The rendered exposition, kept as bytes (and gzip bytes) so that serving a scrape is a copy to
 * the socket: no string encoding, no hashing, no compression on the scrape path.
 */
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';

const gzipAsync = promisify(gzip);

export class CachedExposition {
  private body: Buffer = Buffer.alloc(0);
  private gzipped: Buffer | undefined;
  private generation = 0;

  /** Samples in the current rendering (lines that are not comments). */
  seriesCount = 0;

  /** Stores a new rendering; its gzip form is compressed off the event loop and used once ready. */
  update(text: string, seriesCount: number): void {
    this.seriesCount = seriesCount;
    this.body = Buffer.from(text, 'utf8');
    this.gzipped = undefined;
    const generation = ++this.generation;
    // Level 1: a treasury exposition compresses ~10× even at the fastest level, and the
    // compression runs once per poll cycle on libuv's thread pool.
    gzipAsync(this.body, { level: 1 }).then(
      (compressed) => {
        if (generation === this.generation) this.gzipped = compressed;
      },
      () => undefined, // identity encoding keeps working
    );
  }

  get text(): string {
    return this.body.toString('utf8');
  }

  get identity(): Buffer {
    return this.body;
  }

  /** The gzip form of the current rendering, or undefined while it is being compressed. */
  get gzip(): Buffer | undefined {
    return this.gzipped;
  }
}
