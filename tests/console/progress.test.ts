// `process` on a terminal: count, rate and time left, redrawn in place, a few times a second.
import { endQuietlyOnBrokenPipe } from '../../src/console/broken-pipe';
import { ProgressMeter, progressLine } from '../../src/console/progress';
import { EventEmitter } from 'node:events';

describe('progressLine', () => {
  it('shows the count, the rate and an estimate of the time left', () => {
    expect(progressLine(0, 2000, 0)).toBe('processed 0/2000 (0 %)');
    expect(progressLine(120, 2000, 4000)).toBe('processed 120/2000 (6 %)  30.0 msg/s  about 63 s left');
    expect(progressLine(500, 2000, 10_000)).toBe('processed 500/2000 (25 %)  50.0 msg/s  about 30 s left');
    expect(progressLine(100, 100_000, 10_000)).toBe('processed 100/100000 (0 %)  10.0 msg/s  about 2 h 47 min left');
    expect(progressLine(2000, 2000, 40_000)).toBe('processed 2000/2000 (100 %)  50.0 msg/s');
  });
});

describe('ProgressMeter', () => {
  it('redraws at most every 250 ms, always the last count, and ends on a fresh line', () => {
    let t = 0;
    const out: string[] = [];
    const meter = new ProgressMeter(3, (s) => out.push(s), () => t);
    t = 100;
    meter.update(1);
    t = 200;
    meter.update(2); // too soon after the first
    t = 300;
    meter.update(3); // the last one is always drawn
    meter.end();
    expect(out).toEqual(['\rprocessed 1/3 (33 %)  10.0 msg/s  about 1 s left\x1b[K', '\rprocessed 3/3 (100 %)  10.0 msg/s\x1b[K', '\n']);
  });

  it('writes nothing at all when nothing was processed', () => {
    const out: string[] = [];
    new ProgressMeter(0, (s) => out.push(s)).end();
    expect(out).toEqual([]);
  });
});

describe('a reader that went away (digest | head)', () => {
  it('ends quietly on EPIPE and raises any other write error', () => {
    const stdout = new EventEmitter();
    const exits: number[] = [];
    endQuietlyOnBrokenPipe(stdout, (code) => exits.push(code));
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
    expect(() => stdout.emit('error', Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))).toThrow(/no space/);
  });
});
