import cliProgress from 'cli-progress';

/** A progress bar on stderr for long CLI work; silent when stderr is not a terminal (CI, pipes). */
export function progressBar(label: string) {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} {unit}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(value: number, total: number, unit: string) {
      if (!started) {
        bar.start(total, 0, { unit });
        started = true;
      }
      bar.setTotal(total);
      bar.update(value, { unit });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
