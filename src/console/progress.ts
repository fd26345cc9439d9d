/**
 * Progress of a long `process` run on a terminal: count, rate and the time left, redrawn in
 * place at most a few times a second. The CLI creates one only when stderr is a terminal, so a
 * pipe or a log file never sees a carriage return.
 *
 * Public surface:
 *   progressLine(done, total, elapsedMs): string   'processed 120/2000 (6 %)  35.2 msg/s  about 53 s left'
 *   ProgressMeter(total, write, now?)              .update(done), .end()
 */

/** Redraws closer together than this only cost time. */
const REDRAW_MS = 250;

function duration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function progressLine(done: number, total: number, elapsedMs: number): string {
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  const head = `processed ${done}/${total} (${percent} %)`;
  if (done === 0 || elapsedMs <= 0) return head;
  const rate = (done * 1000) / elapsedMs;
  const left = done < total ? `  about ${duration((total - done) / rate)} left` : '';
  return `${head}  ${rate.toFixed(1)} msg/s${left}`;
}

export class ProgressMeter {
  private readonly started: number;
  private drawnAt = -Infinity;
  private drawn = false;

  constructor(
    private readonly total: number,
    private readonly write: (s: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  update(done: number): void {
    const t = this.now();
    if (done < this.total && t - this.drawnAt < REDRAW_MS) return;
    this.drawnAt = t;
    this.drawn = true;
    // \r and "erase to end of line": the line is redrawn in place.
    this.write(`\r${progressLine(done, this.total, t - this.started)}\x1b[K`);
  }

  /** Leaves the last count on its own line, so what follows starts clean. */
  end(): void {
    if (this.drawn) this.write('\n');
  }
}
