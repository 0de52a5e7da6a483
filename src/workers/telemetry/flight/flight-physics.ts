import type { Random } from './prng.js';

/** A small solid-fuel sounding rocket, flown straight up: enough physics for plausible curves, no more. */
export const G = 9.80665;
const DRY_MASS_KG = 55;
export const FUEL_MASS_KG = 30;
const BURN_RATE_KGPS = 2;
const BODY_CDA_M2 = 0.009;
const DROGUE_CDA_M2 = 0.15;
const MAIN_CDA_M2 = 15;
/** Integration step: the trajectory is (nearly) the same whatever the frame rate. */
export const SUBSTEP_S = 0.02;

/** The true state of the vehicle (frames add sensor noise to it). */
export interface VehicleState {
  altitude: number;
  velocity: number;
  acceleration: number;
  fuel: number;
  thrust: number;
  engineC: number;
  skinC: number;
  avionicsC: number;
  pitch: number;
  yaw: number;
  roll: number;
}

export type Canopy = 'none' | 'drogue' | 'main';

/** Per-flight variation drawn from the seed: no two flights are identical, the same seed repeats them. */
export interface FlightSpread {
  thrustN: number;
  padC: number;
}

export function drawSpread(random: Random): FlightSpread {
  return { thrustN: 3000 * (0.97 + 0.06 * random.next()), padC: 12 + 8 * random.next() };
}

export function padState(spread: FlightSpread): VehicleState {
  const c = spread.padC;
  return { altitude: 0, velocity: 0, acceleration: 0, fuel: FUEL_MASS_KG, thrust: 0, engineC: c, skinC: c, avionicsC: c + 10, pitch: 88, yaw: 0, roll: 0 };
}

/** International standard atmosphere, troposphere part (clamped at the tropopause). */
export const ambientC = (altitude: number, padC: number): number => Math.max(-56.5, padC - 6.5 * (altitude / 1000));
const airDensity = (altitude: number): number => 1.225 * Math.exp(-Math.max(0, altitude) / 8500);

/** Advances the state by one substep; `burning` and `canopy` come from the phase. */
export function integrate(s: VehicleState, spread: FlightSpread, burning: boolean, canopy: Canopy, dt: number): void {
  const thrust = burning && s.fuel > 0 ? spread.thrustN : 0;
  if (thrust > 0) s.fuel = Math.max(0, s.fuel - BURN_RATE_KGPS * dt);
  const mass = DRY_MASS_KG + s.fuel;
  const cda = BODY_CDA_M2 + (canopy === 'drogue' ? DROGUE_CDA_M2 : canopy === 'main' ? MAIN_CDA_M2 : 0);
  const rho = airDensity(s.altitude);
  const drag = 0.5 * rho * s.velocity * Math.abs(s.velocity) * cda;
  const onPad = s.altitude <= 0 && thrust === 0;
  s.acceleration = onPad ? 0 : (thrust - drag) / mass - G;
  if (!onPad) {
    s.velocity += s.acceleration * dt;
    s.altitude += s.velocity * dt;
  }
  s.thrust = thrust;
  const ambient = ambientC(s.altitude, spread.padC);
  // Casing heats while the motor burns and sheds heat after; the skin heats with dynamic pressure × speed.
  s.engineC += (thrust > 0 ? 45 : 0) * dt - 0.02 * (s.engineC - ambient) * dt;
  s.skinC += 6e-7 * rho * Math.abs(s.velocity) ** 3 * dt - 0.05 * (s.skinC - ambient) * dt;
  s.avionicsC += 0.01 * dt - 0.002 * (s.avionicsC - (ambient + 10)) * dt;
  // Canted fins spin the vehicle with airspeed; under a canopy it hangs nose-down and swings.
  s.roll = (s.roll + Math.min(720, Math.abs(s.velocity) * 0.8) * dt) % 360;
  s.pitch = canopy === 'none' ? Math.max(60, s.pitch - (s.velocity > 0 ? 0.15 : 0) * dt) : -90 + (s.pitch + 90) * (1 - 0.5 * dt);
}
