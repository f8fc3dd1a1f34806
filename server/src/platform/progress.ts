/** A progress bar on the terminal (one line per step when not a TTY, so logs stay readable). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastLine = '';
  return (done: number, total: number, what = '') => {
    const ratio = total ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const line = `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${what}`;
    if (stream.isTTY) {
      stream.write(`\r${line}\x1b[K${done >= total ? '\n' : ''}`);
    } else if (line !== lastLine) {
      stream.write(line + '\n');
    }
    lastLine = line;
  };
}
