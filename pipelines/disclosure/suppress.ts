// Disclosure control as one object: primary suppression on construction, then
// complements for whatever the audit reports, round after round.
import type { Cell } from './cells';
import { ComplementChooser, type Failure } from './complementary';
import { Neighbours, type Structure } from './neighbours';
import { primaryReasons } from './primary';

export interface SuppressionStats {
  cells: number;
  primary: number;
  complementary: number;
  /** Contributors behind suppressed cells, summed over cells (people may repeat across cells). */
  suppressedContributors: number;
  rounds: number;
}

export class Suppression {
  readonly primary = new Set<string>();
  readonly complementary = new Set<string>();
  private chooser: ComplementChooser;
  rounds = 0;

  constructor(
    readonly cells: readonly Cell[],
    structure: Structure,
    k: number,
    protectionLevel: number,
  ) {
    for (const c of cells) if (primaryReasons(c, k).length > 0) this.primary.add(c.key);
    this.chooser = new ComplementChooser(new Neighbours(cells, structure), protectionLevel);
  }

  isSuppressed = (c: Cell): boolean => this.primary.has(c.key) || this.complementary.has(c.key);

  /** Adds complements for the audit's failures; false when nothing more can be added. */
  addComplements(failures: readonly Failure[]): boolean {
    this.rounds++;
    const added = this.chooser.choose(failures, this.isSuppressed);
    for (const c of added) this.complementary.add(c.key);
    return added.length > 0;
  }

  suppressedCells(): Cell[] {
    return this.cells.filter(this.isSuppressed);
  }

  stats(): SuppressionStats {
    const suppressed = this.suppressedCells();
    return {
      cells: this.cells.length,
      primary: this.primary.size,
      complementary: this.complementary.size,
      suppressedContributors: suppressed.reduce((a, c) => a + c.n, 0),
      rounds: this.rounds,
    };
  }
}
