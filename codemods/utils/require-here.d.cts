declare const requireHere: NodeJS.Require;
export = requireHere;
