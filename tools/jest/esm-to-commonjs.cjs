// Jest transformer for ES-module-only packages (NestJS 12 and some Fastify dependencies) on Node.js 20,
// where Jest cannot require() ES modules: rewrites `import`/`export` to CommonJS and `import.meta` to
// its CommonJS counterparts (`url` from __filename, `resolve` as require.resolve). Files without a
// top-level import or export statement are passed through untouched.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const babelJest = require('babel-jest').default;

function importMetaToCommonJs({ template }) {
  const fileUrl = template.expression.ast`require('node:url').pathToFileURL(__filename).href`;
  return {
    name: 'import-meta-to-commonjs',
    visitor: {
      Program(path) {
        // `const require = createRequire(import.meta.url)` would shadow the require() calls that
        // the CommonJS transform adds for the module's imports.
        if (path.scope.hasOwnBinding('require')) path.scope.rename('require', 'moduleRequire');
      },
      MetaProperty(path) {
        if (path.node.meta.name !== 'import') return;
        const parent = path.parentPath;
        const property = parent.isMemberExpression() ? parent.node.property.name : undefined;
        if (property === 'url') parent.replaceWith(fileUrl);
        else if (property === 'resolve') parent.replaceWith(template.expression.ast`require.resolve`);
        else if (property === 'dirname') parent.replaceWith(template.expression.ast`__dirname`);
        else if (property === 'filename') parent.replaceWith(template.expression.ast`__filename`);
        else path.replaceWith(template.expression.ast`({ url: ${fileUrl} })`);
      },
    },
  };
}

const transformer = babelJest.createTransformer({
  babelrc: false,
  configFile: false,
  plugins: [importMetaToCommonJs, '@babel/plugin-transform-dynamic-import', '@babel/plugin-transform-modules-commonjs'],
});

// Jest's cache key covers the Babel options but not the code of the inline plugin above.
const ownSource = readFileSync(__filename);
const withOwnSource = (key) => createHash('sha256').update(key).update(ownSource).digest('hex');

const ES_MODULE_SYNTAX = /^\s*(import|export)\b[^(]/m;

module.exports = {
  canInstrument: false,
  process(sourceText, sourcePath, options) {
    if (!ES_MODULE_SYNTAX.test(sourceText)) return { code: sourceText };
    return transformer.process(sourceText, sourcePath, options);
  },
  getCacheKey: (...args) => withOwnSource(transformer.getCacheKey(...args)),
};
