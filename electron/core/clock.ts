import { uuidv7, type RandomBytes } from '../../shared/domain/ids';

/** Time and ids come from here so tests and the demo archive are deterministic. */
export interface Clock {
  now(): Date;
  newId(): string;
}

export const systemClock: Clock = { now: () => new Date(), newId: () => uuidv7() };

/** A clock that starts at `start` and ticks `stepMs` per call; ids from a seeded source. */
export function fixedClock(start: Date, random: RandomBytes, stepMs = 1000): Clock {
  let t = start.getTime();
  return {
    now: () => new Date((t += stepMs)),
    newId: () => uuidv7((t += 1), random),
  };
}
