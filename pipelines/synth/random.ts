// Seeded randomness for the generator. Every stream is derived from
// (seed, label, index) instead of being drawn from one shared sequence, so
// each participant's encounters, surveys and goals are independent of the
// order files are written in and of changes to unrelated generators: tuning
// goals never reshuffles encounters.

const LABEL_CACHE = new Map<string, number>();

/** FNV-1a: turns a stream label into 32 bits (cached, labels repeat a lot). */
function labelHash(label: string): number {
  let h = LABEL_CACHE.get(label);
  if (h !== undefined) return h;
  h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h >>>= 0;
  LABEL_CACHE.set(label, h);
  return h;
}

/** murmur3's finaliser: spreads single-bit input differences over all output bits. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream for (seed, label, index); seed may be any non-negative safe integer. */
  constructor(seed: number, label: string, index = 0) {
    // Split the seed so seeds above 2^32 still differ from their low bits.
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    const l = labelHash(label);
    this.a = fmix(lo ^ 0x9e3779b9);
    this.b = fmix(hi ^ fmix(l + 0x7f4a7c15));
    this.c = fmix(l ^ fmix(index + 0x6a09e667));
    this.d = fmix(index ^ 0xbb67ae85 ^ this.a);
    // sfc32 needs a few rounds before nearby seeds decorrelate.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** sfc32: small, fast, passes PractRand far beyond what a generator needs. Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  normal(mean = 0, sd = 1): number {
    // Box–Muller without caching the spare: one value per call keeps the
    // number of draws per call fixed, which keeps streams easy to reason about.
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Log-normal with the given median; sigma is the SD of the log. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 40) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

/** A categorical distribution, built once and sampled many times. */
export class Weighted<T> {
  private readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('Weighted needs at least one entry');
    this.values = entries.map((e) => e[0]);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, w], i) => {
      if (!(w >= 0)) throw new Error(`negative or NaN weight ${w}`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new Error('weights sum to zero');
    for (let i = 0; i < this.cumulative.length; i++) this.cumulative[i]! /= sum;
  }

  sample(rng: Rng): T {
    const u = rng.next();
    const c = this.cumulative;
    // Linear scan: every table here has at most a few dozen entries.
    for (let i = 0; i < c.length - 1; i++) if (u < c[i]!) return this.values[i] as T;
    return this.values[c.length - 1] as T;
  }
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
