/** A JSON value, as stored in events. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON Schema document (draft 2020-12 subset), as written in workspace files. */
export type JsonSchema = { [key: string]: Json };
