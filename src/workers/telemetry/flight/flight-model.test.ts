import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createFlightModel } from './flight-model.js';
import { FLIGHT_PHASES, type TelemetryFrame } from './frame.js';

const fly = (seed: number, dt: number, seconds: number): TelemetryFrame[] => {
  const model = createFlightModel(seed);
  return Array.from({ length: Math.round(seconds / dt) }, () => model.step(dt));
};

describe('flight model', () => {
  test('the same seed and steps give identical frames; another seed another flight', () => {
    assert.deepEqual(fly(7, 0.1, 60), fly(7, 0.1, 60));
    assert.notDeepEqual(fly(7, 0.1, 60), fly(8, 0.1, 60));
  });

  test('a flight passes through every phase in order, then the next flight starts with a countdown', () => {
    const frames = fly(1969, 0.1, 300);
    const phasesOf = (flight: number) =>
      frames
        .filter((f) => f.flight === flight)
        .map((f) => f.phase)
        .filter((p, i, all) => p !== all[i - 1]);
    assert.deepEqual(phasesOf(1), [...FLIGHT_PHASES]);
    // The second flight is cut off wherever 300 s end: what it flew is the start of the same sequence.
    const second = phasesOf(2);
    assert.ok(second.length >= 1, 'a second flight started');
    assert.deepEqual(second, FLIGHT_PHASES.slice(0, second.length));
    assert.deepEqual([...new Set(frames.map((f) => f.flight))], [1, 2]);
  });

  test('the physics is plausible: climbs on thrust, burns its fuel, peaks, lands slowly', () => {
    const frames = fly(42, 0.1, 240).filter((f) => f.flight === 1);
    const at = (phase: string) => frames.filter((f) => f.phase === phase);
    assert.ok(at('pre-launch').every((f) => f.t <= 0 && f.fuel_pct === 100 && f.altitude_m < 3));
    const ascent = at('ascent');
    assert.ok(
      ascent.every((f) => f.thrust_n > 2800 && f.acceleration_mps2 > 10),
      'thrust accelerates it',
    );
    assert.ok(ascent.at(-1)!.fuel_pct < 5 && ascent[0]!.fuel_pct > 95, 'the motor burns its fuel');
    const apogee = Math.max(...frames.map((f) => f.altitude_m));
    assert.ok(apogee > 5000 && apogee < 20000, `apogee ${apogee} m`);
    assert.ok(
      at('coast').every((f) => f.thrust_n === 0 && f.acceleration_mps2 < 0),
      'coasting decelerates',
    );
    assert.ok(
      at('descent').every((f) => f.velocity_mps < 1),
      'descent goes down',
    );
    const touchdown = at('landing').at(-1)!;
    assert.ok(Math.abs(touchdown.velocity_mps) < 12, `lands at ${touchdown.velocity_mps} m/s under the main canopy`);
    assert.ok(Math.max(...frames.map((f) => f.temperatures.engine_c)) > 300, 'the engine heats while burning');
  });

  test('the trajectory hardly depends on the frame rate (fixed integration substep)', () => {
    const apogee = (dt: number) => Math.max(...fly(3, dt, 80).map((f) => f.altitude_m));
    const a1 = apogee(0.1);
    const a2 = apogee(0.05);
    assert.ok(Math.abs(a1 - a2) / a1 < 0.01, `${a1} vs ${a2}`);
  });

  test('dt must be a positive number', () => {
    const model = createFlightModel(1);
    for (const dt of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => model.step(dt), RangeError);
  });
});
