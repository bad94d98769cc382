// What every file generator gets: the world, the people, and a way to plant
// malformed rows that share the run's seed and the file's own id sequence.
import type { Participant } from './people';
import type { Planter } from './malformed';
import type { ScaleConfig } from './scales';
import type { World } from './world';

export interface GenContext {
  seed: number;
  cfg: ScaleConfig;
  world: World;
  participants: readonly Participant[];
  planter(file: string, units: number, idColumn?: string, freshId?: () => string): Planter;
}

/** Ids as source systems print them: a letter and a zero-padded sequence. */
export function idSequence(prefix: string, width: number, start = 0): () => string {
  let n = start;
  return () => prefix + String(++n).padStart(width, '0');
}
