// The only place the benchmark writes to the terminal: progress lines on stderr (so they can be
// silenced), the results table and the file locations on stdout.

export interface Printer {
  /** A progress line ("broadcast: 10 000 sockets open"). */
  progress(line: string): void;
  /** Output that belongs to the results. */
  out(text: string): void;
}

export function consolePrinter(options: { quiet?: boolean } = {}): Printer {
  return {
    progress: (line) => {
      if (!options.quiet) console.error(`[bench] ${line}`);
    },
    out: (text) => console.log(text),
  };
}
