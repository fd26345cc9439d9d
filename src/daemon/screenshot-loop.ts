/**
 * The daemon reads screenshots beside intake: a kick starts a run of the helpdesk's waiting
 * readings (one at a time, never awaited by intake), a kick during a run asks for one more, and
 * the sender is woken for the mail a run queued. A failed run is logged; its jobs stay waiting.
 */
import type { Logger } from 'pino';

export interface ScreenshotHelpdesk {
  /** Reads what waits and queues what it decides; returns the mails queued. */
  readWaitingScreenshots(stop?: () => boolean): Promise<number>;
}

export class ScreenshotLoop {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly helpdesk: ScreenshotHelpdesk,
    private readonly onQueued: () => void,
    private readonly log: Logger,
  ) {}

  kick(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /**
   * At a stop: no new run, and the one in hand gets up to `ms` to end. A reading cut short counts
   * as an attempt and is read again at the next start.
   */
  async settle(ms: number): Promise<void> {
    this.again = false;
    this.stopped = true;
    await Promise.race([this.running, new Promise<void>((done) => setTimeout(done, ms).unref())]);
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        if ((await this.helpdesk.readWaitingScreenshots(() => this.stopped)) > 0) this.onQueued();
      } catch (err) {
        this.log.error({ err }, 'reading screenshots failed; they wait for the next message or restart');
      }
    } while (this.again);
  }
}
