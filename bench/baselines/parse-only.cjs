// jscodeshift baseline: parse every file with recast and change nothing (the least a transform that looks pays).
module.exports = (file, api) => {
  api.jscodeshift(file.source);
  return undefined;
};
