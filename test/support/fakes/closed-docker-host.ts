import { freePort } from '../free-port.js';

/** A DOCKER_HOST nothing listens on: an engine that refuses at once (connection refused), for the unreachable path. */
export const closedDockerHost = async (): Promise<string> => `tcp://127.0.0.1:${await freePort()}`;
