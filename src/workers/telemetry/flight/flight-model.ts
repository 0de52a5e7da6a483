import { FUEL_MASS_KG, SUBSTEP_S, ambientC, drawSpread, integrate, padState, type Canopy, type FlightSpread, type VehicleState } from './flight-physics.js';
import type { FlightPhase, TelemetryFrame } from './frame.js';
import { createRandom } from './prng.js';

const COUNTDOWN_S = 10;
/** The main canopy opens here; above it the drogue keeps the descent fast but stable. */
const MAIN_DEPLOY_ALTITUDE_M = 450;
/** How long the vehicle sits on the ground before the next flight's countdown starts. */
const LANDED_HOLD_S = 15;

/**
 * A seeded, deterministic flight: pre-launch countdown → ascent (motor burning) → coast to apogee →
 * descent under the drogue → landing under the main canopy → landed, then the next flight.
 * Pure: no timers, no clock; the caller steps it by `dt` seconds. The same seed and the same
 * sequence of `dt` give byte-identical frames.
 */
export interface FlightModel {
  step(dt: number): TelemetryFrame;
  readonly phase: FlightPhase;
  readonly flight: number;
}

export function createFlightModel(seed: number): FlightModel {
  const random = createRandom(seed);
  let flight = 0;
  let seq = 0;
  let t = 0;
  let phase: FlightPhase = 'pre-launch';
  let landedAt = 0;
  let spread: FlightSpread;
  let state: VehicleState;

  const startFlight = () => {
    flight++;
    spread = drawSpread(random);
    state = padState(spread);
    t = -COUNTDOWN_S;
    phase = 'pre-launch';
  };
  const touchDown = () => {
    Object.assign(state, { altitude: 0, velocity: 0, acceleration: 0 });
    phase = 'landed';
    landedAt = t;
  };
  const advancePhase = () => {
    if (phase === 'pre-launch' && t >= 0) phase = 'ascent';
    else if (phase === 'ascent' && state.fuel <= 0) phase = 'coast';
    else if (phase === 'coast' && state.velocity <= 0) phase = 'descent';
    else if ((phase === 'descent' || phase === 'landing') && state.altitude <= 0) touchDown();
    else if (phase === 'descent' && state.altitude <= MAIN_DEPLOY_ALTITUDE_M) phase = 'landing';
    else if (phase === 'landed' && t - landedAt >= LANDED_HOLD_S) startFlight();
  };
  startFlight();

  return {
    get phase() {
      return phase;
    },
    get flight() {
      return flight;
    },
    step(dt) {
      if (!(dt > 0 && Number.isFinite(dt))) throw new RangeError(`dt must be a positive number of seconds, got ${dt}`);
      const substeps = Math.ceil(dt / SUBSTEP_S - 1e-9);
      const h = dt / substeps;
      for (let i = 0; i < substeps; i++) {
        if (phase !== 'landed') integrate(state, spread, phase === 'ascent', canopyFor(phase), h);
        t += h;
        advancePhase();
      }
      return measure();
    },
  };

  /** The true state plus sensor noise; always draws the same number of values, so runs stay reproducible. */
  function measure(): TelemetryFrame {
    const canopy = canopyFor(phase);
    state.yaw = state.yaw * 0.98 + random.gaussian(canopy === 'none' ? 0.3 : 2);
    const pitchNoise = random.gaussian(canopy === 'none' ? 0.2 : 6);
    return {
      seq: seq++,
      flight,
      t: round(t, 3),
      phase,
      altitude_m: round(Math.max(0, state.altitude + random.gaussian(0.5))),
      velocity_mps: round(state.velocity + random.gaussian(0.2)),
      acceleration_mps2: round(state.acceleration + random.gaussian(0.05)),
      fuel_pct: round((state.fuel / FUEL_MASS_KG) * 100),
      thrust_n: round(state.thrust),
      temperatures: {
        engine_c: round(state.engineC + random.gaussian(0.3)),
        skin_c: round(state.skinC + random.gaussian(0.3)),
        avionics_c: round(state.avionicsC + random.gaussian(0.1)),
        ambient_c: round(ambientC(state.altitude, spread.padC)),
      },
      attitude: { pitch_deg: round(state.pitch + pitchNoise), yaw_deg: round(state.yaw), roll_deg: round(state.roll) },
    };
  }
}

const canopyFor = (phase: FlightPhase): Canopy => (phase === 'descent' ? 'drogue' : phase === 'landing' ? 'main' : 'none');
const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
