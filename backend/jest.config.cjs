// NestJS 12 ships as ES modules only, so the backend suites run in Jest's native ESM mode
// (node --experimental-vm-modules) and ts-jest emits ES modules.
module.exports = {
  displayName: 'backend',
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', useESM: true }],
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  coverageDirectory: '../coverage/backend',
  // Integration suites open real databases; a generous timeout covers MariaDB migrations on a busy CI machine.
  testTimeout: 60000,
};
