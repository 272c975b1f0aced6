// Generated from spec/dist/openapi.json by `pnpm --filter @phone-api/client generate`. Do not edit by hand.

/** Every operation of the spec: HTTP method, path template, surface and documented response statuses. */
export const operations = {
  "agentsListPhoneNumbers": {
    "method": "get",
    "path": "/v1/agents/phone-numbers",
    "surface": "agents",
    "statuses": [
      200,
      400,
      401,
      429,
      500,
      503
    ]
  },
  "agentsImportPhoneNumber": {
    "method": "post",
    "path": "/v1/agents/phone-numbers",
    "surface": "agents",
    "statuses": [
      201,
      400,
      401,
      409,
      413,
      415,
      422,
      429,
      500,
      503
    ]
  },
  "agentsGetPhoneNumber": {
    "method": "get",
    "path": "/v1/agents/phone-numbers/{id}",
    "surface": "agents",
    "statuses": [
      200,
      401,
      404,
      429,
      500,
      503
    ]
  },
  "agentsDeletePhoneNumber": {
    "method": "delete",
    "path": "/v1/agents/phone-numbers/{id}",
    "surface": "agents",
    "statuses": [
      204,
      401,
      404,
      429,
      500,
      503
    ]
  },
  "agentsUpdatePhoneNumber": {
    "method": "patch",
    "path": "/v1/agents/phone-numbers/{id}",
    "surface": "agents",
    "statuses": [
      200,
      400,
      401,
      404,
      413,
      415,
      422,
      429,
      500,
      503
    ]
  },
  "convaiListPhoneNumbers": {
    "method": "get",
    "path": "/v1/convai/phone-numbers",
    "surface": "convai",
    "statuses": [
      200,
      401,
      422,
      429,
      500,
      503
    ]
  },
  "convaiCreatePhoneNumber": {
    "method": "post",
    "path": "/v1/convai/phone-numbers",
    "surface": "convai",
    "statuses": [
      200,
      401,
      409,
      413,
      415,
      422,
      429,
      500,
      503
    ]
  },
  "convaiGetPhoneNumber": {
    "method": "get",
    "path": "/v1/convai/phone-numbers/{phone_number_id}",
    "surface": "convai",
    "statuses": [
      200,
      401,
      404,
      422,
      429,
      500,
      503
    ]
  },
  "convaiDeletePhoneNumber": {
    "method": "delete",
    "path": "/v1/convai/phone-numbers/{phone_number_id}",
    "surface": "convai",
    "statuses": [
      200,
      401,
      404,
      422,
      429,
      500,
      503
    ]
  },
  "convaiUpdatePhoneNumber": {
    "method": "patch",
    "path": "/v1/convai/phone-numbers/{phone_number_id}",
    "surface": "convai",
    "statuses": [
      200,
      401,
      404,
      413,
      415,
      422,
      429,
      500,
      503
    ]
  }
} as const;

/** Default server of the agents surface (the document's first server). */
export const agentsServer = "https://api.phone-api.dev";

/** The convai surface's regional servers (path-level servers of the convai paths), by region name. */
export const convaiServers = {
  "default": "https://api.elevenlabs.io",
  "us": "https://api.us.elevenlabs.io",
  "eu": "https://api.eu.residency.elevenlabs.io",
  "in": "https://api.in.residency.elevenlabs.io"
} as const;
