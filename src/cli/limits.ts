/**
 * The bounds of the command's flags, stated in its --help: kept apart from the
 * commands so that `wengert --help` prints them without loading the commands.
 */

/** Most iterations `wengert minimize --steps` runs. */
export const MAX_STEPS = 10_000_000;

/** The bounds of `wengert train`'s flags. */
export const TRAIN_LIMITS = { layer: 1_000_000, parameters: 10_000_000, epochs: 1_000_000, batch: 1_000_000 } as const;

/** Most milliseconds `wengert modes --warmup` and `--budget` take (a minute a route). */
export const MAX_ROUTE_MS = 60_000;
