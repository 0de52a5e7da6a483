export type Severity = 'info' | 'warning' | 'critical';

/** One row per pair, in id order (id = position + 1): the single source of the action ↔ reaction catalog. */
export interface CatalogRow {
  category: 'countdown' | 'propulsion' | 'guidance' | 'systems' | 'staging' | 'recovery' | 'safety';
  action: { name: string; summary: string };
  reaction: { name: string; summary: string; severity: Severity };
}

const row = (
  category: CatalogRow['category'],
  action: string,
  actionSummary: string,
  reaction: string,
  reactionSummary: string,
  severity: Severity = 'info',
): CatalogRow => ({
  category,
  action: { name: action, summary: actionSummary },
  reaction: { name: reaction, summary: reactionSummary, severity },
});

export const CATALOG_ROWS: readonly CatalogRow[] = [
  row('countdown', 'arm-flight-computer', 'Arm the flight computer', 'flight-computer-armed', 'Flight computer armed: the sequencer accepts commands'),
  row('countdown', 'start-countdown', 'Start the terminal countdown', 'countdown-started', 'Terminal countdown running'),
  row('countdown', 'hold-countdown', 'Hold the countdown', 'countdown-held', 'Countdown held: pad safe, sequencer paused', 'warning'),
  row('propulsion', 'ignite-engine', 'Fire the igniter', 'engine-ignited', 'Chamber pressure rising: ignition confirmed'),
  row('propulsion', 'throttle-up', 'Raise thrust to 100 %', 'thrust-increased', 'Thrust at 100 %'),
  row('propulsion', 'throttle-down', 'Lower thrust to 70 %', 'thrust-reduced', 'Thrust at 70 %: max-Q bucket'),
  row('propulsion', 'cut-engine', 'Command engine cut-off', 'engine-cut-off', 'Engine cut-off confirmed: thrust zero', 'warning'),
  row('guidance', 'adjust-pitch', 'Trim the pitch program', 'pitch-corrected', 'Pitch within 0.5° of the program'),
  row('guidance', 'stabilize-roll', 'Damp the roll rate', 'roll-stabilized', 'Roll rate below 10°/s'),
  row('guidance', 'hold-attitude', 'Hold the current attitude', 'attitude-locked', 'Attitude hold engaged'),
  row('systems', 'vent-fuel-tank', 'Vent the fuel tank', 'tank-pressure-relieved', 'Tank pressure back in limits', 'warning'),
  row('systems', 'activate-cooling', 'Start engine bay cooling', 'cooling-active', 'Engine bay cooling running'),
  row('systems', 'switch-to-backup-power', 'Switch to the backup battery', 'backup-power-online', 'Backup battery carries the bus', 'warning'),
  row('systems', 'calibrate-sensors', 'Re-zero the inertial sensors', 'sensors-calibrated', 'Inertial sensors re-zeroed'),
  row('systems', 'start-recording', 'Start onboard recording', 'recording-started', 'Onboard recorder writing'),
  row('staging', 'separate-stage', 'Fire the stage separation charges', 'stage-separated', 'Stages separated cleanly'),
  row('staging', 'jettison-fairing', 'Jettison the payload fairing', 'fairing-jettisoned', 'Fairing halves clear'),
  row('recovery', 'deploy-drogue', 'Deploy the drogue parachute', 'drogue-deployed', 'Drogue inflated: descent stable'),
  row('recovery', 'deploy-main-canopy', 'Deploy the main canopy', 'main-canopy-deployed', 'Main canopy open: descent below 9 m/s'),
  row('recovery', 'activate-recovery-beacon', 'Switch on the recovery beacon', 'beacon-transmitting', 'Recovery beacon transmitting position'),
  row('safety', 'terminate-flight', 'Terminate the flight', 'flight-terminated', 'Flight termination system fired', 'critical'),
];
