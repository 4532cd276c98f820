// The demo's terminal progress bar (cli-progress): percentage and the handler's progress message.
// On a terminal it redraws in place; on a pipe it prints a line every half second and at the end.
import { Presets, SingleBar } from 'cli-progress';
import type { Output } from './output';

export class ProgressBar {
  private readonly bar: SingleBar;
  private started = false;

  constructor(out: Output, label: string) {
    this.bar = new SingleBar(
      {
        stream: out as NodeJS.WritableStream,
        format: `${label} {bar} {percentage} % | {message}`,
        hideCursor: out.isTTY === true,
        noTTYOutput: true,
        notTTYSchedule: 500,
        // On a pipe the last line is already printed with its newline; stop() would add an empty one.
        clearOnComplete: out.isTTY !== true,
        barsize: 30,
      },
      Presets.shades_classic,
    );
  }

  start(message: string): void {
    this.bar.start(100, 0, { message });
    this.started = true;
  }

  /** Progress in [0, 1] with its message; the message alone when `progress` is undefined. */
  update(progress: number | undefined, message: string): void {
    if (progress === undefined) this.bar.update({ message });
    else this.bar.update(Math.round(progress * 100), { message });
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.bar.stop();
  }
}
