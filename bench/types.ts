/** One benchmark figure, printed by `npm run bench` as a JSON line. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The same quantity for the baseline measured in the same run (null when there is none, e.g. a size). */
  baseline: number | null;
  /** value / baseline (or value / limit for sizes). */
  ratio: number | null;
  /** Human-readable target, e.g. "<= 1.3x". */
  target: string;
}

/** A benchmark module exports `run`, measuring its baseline in the same run. */
export type Bench = () => Promise<BenchResult[]>;
