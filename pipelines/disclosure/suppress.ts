// Disclosure control as one object: primary suppression on construction (with
// the rest of each primary cell's bundle), then complements for whatever the
// audit reports, round after round, a bundle at a time; once the audit passes,
// secondary cells the audit finds unneeded are released again (prune.ts).
import { DEFAULT_INSTRUMENTS, type InstrumentChoice } from '../contract/instruments';
import { Bundles } from './bundles';
import type { Cell } from './cells';
import { ComplementChooser, type Failure } from './complementary';
import { equationsOf, pairLoneCells } from './equations';
import { Neighbours, type Structure } from './neighbours';
import { primaryReasons } from './primary';
import { Pruner, type PruneUnit } from './prune';

export interface SuppressionStats {
  cells: number;
  primary: number;
  /** Suppressed with a primary cell: the rest of its bundle (the same people in other metrics). */
  linked: number;
  /** Chosen to protect suppressed cells (with their bundles). */
  complementary: number;
  /** Secondary cells the loop suppressed and pruning released again (not in linked or complementary). */
  pruned: number;
  /** Contributors behind suppressed cells, summed over cells (people may repeat across cells). */
  suppressedContributors: number;
  rounds: number;
}

export class Suppression {
  readonly primary = new Set<string>();
  readonly linked = new Set<string>();
  readonly complementary = new Set<string>();
  private chooser: ComplementChooser;
  private bundles: Bundles;
  private neighbours: Neighbours;
  private equations: ReturnType<typeof equationsOf>;
  rounds = 0;
  pruned = 0;

  constructor(
    readonly cells: readonly Cell[],
    structure: Structure,
    k: number,
    private readonly protectionLevel: number,
    complementary = true,
    instruments: InstrumentChoice = DEFAULT_INSTRUMENTS,
  ) {
    this.bundles = new Bundles(cells, protectionLevel, instruments);
    for (const c of cells) if (primaryReasons(c, k).length > 0) this.primary.add(c.key);
    for (const c of cells) {
      if (!this.primary.has(c.key)) continue;
      for (const x of this.bundles.of(c)) if (!this.primary.has(x.key)) this.linked.add(x.key);
    }
    this.neighbours = new Neighbours(cells, structure);
    this.chooser = new ComplementChooser(this.neighbours, protectionLevel);
    this.equations = equationsOf(cells, structure);
    if (complementary) this.pairLoneCells();
  }

  /** A second suppressed cell in every equation with one (complements can leave new lone cells). */
  private pairLoneCells(): void {
    pairLoneCells(this.equations, this.isSuppressed, (c) => this.addBundle(c), this.protectionLevel);
  }

  /** Suppresses c and the rest of its bundle as complements; how many cells that added. */
  private addBundle(c: Cell): number {
    let more = 0;
    for (const x of this.bundles.of(c)) {
      if (this.isSuppressed(x)) continue;
      this.complementary.add(x.key);
      more++;
    }
    return more;
  }

  isSuppressed = (c: Cell): boolean => this.primary.has(c.key) || this.linked.has(c.key) || this.complementary.has(c.key);

  /** Adds complements for the audit's failures; false when nothing more can be added. */
  addComplements(failures: readonly Failure[]): boolean {
    this.rounds++;
    const added = this.chooser.choose(failures, this.isSuppressed);
    let more = 0;
    for (const c of added) more += this.addBundle(c);
    if (more > 0) this.pairLoneCells();
    return more > 0;
  }

  /** Offers the secondary cells back for release (call once the audit has passed). */
  pruner(): Pruner {
    return new Pruner(this.cells, this, this.bundles, this.neighbours, this.equations);
  }

  /** Releases units the audit accepted without them. */
  release(units: readonly PruneUnit[]): void {
    for (const u of units) {
      for (const c of u.cells) {
        if (this.complementary.delete(c.key) || this.linked.delete(c.key)) this.pruned++;
      }
    }
  }

  suppressedCells(): Cell[] {
    return this.cells.filter(this.isSuppressed);
  }

  stats(): SuppressionStats {
    const suppressed = this.suppressedCells();
    return {
      cells: this.cells.length,
      primary: this.primary.size,
      linked: this.linked.size,
      complementary: this.complementary.size,
      pruned: this.pruned,
      suppressedContributors: suppressed.reduce((a, c) => a + c.n, 0),
      rounds: this.rounds,
    };
  }
}
