// Moved to spec so the API serializes run state the same way; kept here for the CLI's imports.
export { serializeState } from '../../spec/serialize-state.ts';
