// jscodeshift baseline: parse and print every file with no edits (the least a transform that rewrites pays).
module.exports = (file, api) => api.jscodeshift(file.source).toSource();
