// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

module.exports = {
  ...base,
  // jest-fixed-jsdom keeps Node's fetch, Response, streams and TextEncoder, which msw needs and
  // plain jsdom hides.
  testEnvironment: 'jest-fixed-jsdom',
  // Some Grafana 13 dependencies ship `.mjs` only; run them through the same swc transform.
  transform: {
    ...base.transform,
    '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'],
  },
  // These ship ESM only; swc turns them into CommonJS for Jest.
  transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, '@noble', '@scure', '@ver0/deep-equal', '@react-hookz/web'])],
  moduleNameMapper: {
    ...base.moduleNameMapper,
    // NodeNext-style `./x.js` specifiers (src/queries/) point at TypeScript sources.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 20000,
};
