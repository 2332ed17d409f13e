export interface PeriodicJobsTable {
  name: string;
  /** The scheduled tick that last ran; a replica runs a tick only if it moves this forward. */
  last_tick_at: Date | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_error: string | null;
  last_runner: string | null;
}
