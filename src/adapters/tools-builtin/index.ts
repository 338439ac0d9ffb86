export type { BuiltinToolsOptions } from './create-builtin-tools.ts';
export { createBuiltinTools } from './create-builtin-tools.ts';
export type { HttpPolicy, ResolvedAddress, ResolveHost } from './vet-destination.ts';
