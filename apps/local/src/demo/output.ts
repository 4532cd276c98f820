// Where the demo writes: process.stdout / process.stderr, or a capture in tests. A TTY output gets
// the redrawn progress bar; anything else gets one progress line at a time.

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function line(out: Output, text = ''): void {
  out.write(`${text}\n`);
}
