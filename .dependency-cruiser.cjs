// The architecture's layer order, written down once (docs/ARCHITECTURE.md explains each layer). A module may
// import its own layer and the ones below it, never one above; no import circle of any kind (type-only imports
// count: they tie the files together for the compiler and for a reader). `npm run lint` fails on a breach.
const LAYERS = [
  { name: 'shared', path: '^src/shared/' },
  {
    // Data only: what every layer may read about a service or a worker, without loading any behaviour.
    name: 'descriptors',
    path: [
      '^src/services/descriptors?[.]ts$',
      '^src/services/[^/]+/(descriptor|peers)[.]ts$',
      '^src/workers/descriptors?[.]ts$',
      '^src/workers/[^/]+/descriptor[.]ts$',
    ],
  },
  { name: 'config', path: '^src/config/' },
  { name: 'capabilities', path: '^src/(secrets|tls|zookeeper|kafka|audit|probes|clients|seed|backup)/' },
  { name: 'runtime', path: '^src/(services|docker|workers)/' },
  { name: 'orchestration', path: '^src/(checklist|commands)/' },
  { name: 'face', path: ['^src/cli/', '^src/index[.]ts$'] },
];

const paths = (layer) => (Array.isArray(layer.path) ? layer.path : [layer.path]);
// A file belongs to the first layer that names it (descriptor files sit inside runtime folders).
const memberOf = (index) => ({ path: paths(LAYERS[index]), pathNot: LAYERS.slice(0, index).flatMap(paths) });

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} must not import a layer above it (${LAYERS.slice(index + 1)
    .map((l) => l.name)
    .join(', ')})`,
  severity: 'error',
  from: memberOf(index),
  to: { path: LAYERS.slice(index + 1).flatMap(paths), pathNot: LAYERS.slice(0, index + 1).flatMap(paths) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'no import circle, type-only imports included', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
    ...layerRules,
    {
      name: 'services-without-engine',
      comment: 'services describe containers; only src/docker talks to the engine',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/docker/' },
    },
    {
      name: 'engine-without-service-behaviour',
      comment: 'src/docker runs any ServiceSpec; it reads the spec contract and descriptors, never a spec builder or a seed',
      severity: 'error',
      from: { path: '^src/docker/' },
      to: { path: '^src/services/', pathNot: ['^src/services/spec[.]ts$', '^src/services/descriptors?[.]ts$'] },
    },
    {
      name: 'tests-beside-code-stay-unit',
      comment: 'unit tests beside the code run without the lab: of test/ they may only use the fakes (no engine, no server)',
      severity: 'error',
      from: { path: '^src/.+[.]test[.]ts$' },
      to: { path: '^test/', pathNot: '^test/support/fakes/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.d.ts'] },
  },
};
