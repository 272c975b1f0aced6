/**
 * JSON values as `generate.js` reads them from the bundle. A type-only module: JSDoc in TS 5.9 cannot
 * declare a recursive object type (TS2456), so the generator imports these with `@import`.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
