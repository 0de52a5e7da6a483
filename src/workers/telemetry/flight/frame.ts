/** Flight phases in the order a flight passes through them. */
export const FLIGHT_PHASES = ['pre-launch', 'ascent', 'coast', 'descent', 'landing', 'landed'] as const;
export type FlightPhase = (typeof FLIGHT_PHASES)[number];

/** One telemetry sample as it goes on the wire (`/ws`) and into the in-process feed. Units are in the names. */
export interface TelemetryFrame {
  /** Frame number since the model was created, across flights. */
  seq: number;
  /** 1 for the first flight; the model starts the next one a while after landing. */
  flight: number;
  /** Mission time in seconds: negative during the countdown, 0 at ignition. */
  t: number;
  phase: FlightPhase;
  altitude_m: number;
  /** Vertical velocity: positive up. */
  velocity_mps: number;
  acceleration_mps2: number;
  fuel_pct: number;
  thrust_n: number;
  temperatures: { engine_c: number; skin_c: number; avionics_c: number; ambient_c: number };
  attitude: { pitch_deg: number; yaw_deg: number; roll_deg: number };
}

/** What the worker publishes: a frame stamped with the wall-clock time it was sent (epoch ms), for latency figures. */
export interface StampedFrame extends TelemetryFrame {
  type: 'telemetry';
  ts: number;
}
