module.exports = {
  displayName: 'backend',
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // NestJS 12 and some Fastify dependencies are ES modules only; see tools/jest/esm-to-commonjs.cjs.
    '^.+/node_modules/.+\\.m?js$': '<rootDir>/../tools/jest/esm-to-commonjs.cjs',
  },
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  coverageDirectory: '../coverage/backend',
  // Integration suites open real databases; a generous timeout covers MariaDB migrations on a busy CI machine.
  testTimeout: 60000,
};
