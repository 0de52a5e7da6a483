// The stack on images built on this machine (`npm run lab`: Debian packages and Maven jars, no registry), used by
// `npm start` when the default images can be neither found nor pulled. Each of these images keeps its upstream
// image's start contract, so only the images, their profiles and the host ports differ from the defaults; every
// worker runs as the stack's workers member, as by default.
import { defineConfig } from 'rocketctl';
import lab from '../../test/lab/rocketctl.lab.config.ts';

export default defineConfig({
  ...lab,
  project: 'rocketctl',
  // The lab config turns the workers off for its tests; here they run, as the product's defaults have it.
  workers: {},
});
