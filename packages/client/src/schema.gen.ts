// Generated from spec/dist/openapi.json by `pnpm --filter @phone-api/client generate`. Do not edit by hand.

export interface paths {
    "/v1/agents/phone-numbers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List phone numbers
         * @description List the workspace's phone numbers, newest first. Cursor-paginated: omit `cursor` for the first page
         *     and follow `next_cursor` while `has_more` is true. Pages are keyset-based, so numbers imported while
         *     you page are neither skipped nor repeated.
         */
        get: operations["agentsListPhoneNumbers"];
        put?: never;
        /**
         * Import phone number
         * @description Import a phone number into the workspace. `source` selects the provisioning path:
         *
         *     - `livekit` - LiveKit purchases the number on your behalf. US inbound only.
         *     - `twilio` - your own Twilio number; pass your Account SID and Auth Token in `twilio`. If the number
         *       is only a verified caller ID on the account, it is stored as `verified_caller_id`.
         *     - `byoc` - any SIP provider; pass the `trunk_id` of your SIP trunk.
         *
         *     Send an `Idempotency-Key` to make a retry safe.
         */
        post: operations["agentsImportPhoneNumber"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/phone-numbers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The phone number's prefixed wire identifier, `phone_<26 char Crockford base32>` (see `PhoneNumberId`).
                 *     Any other value, including a legacy UUID, is answered with **404** (`phone_number_not_found`), never
                 *     400: an id that is not of the prefixed form names no number. The schema therefore accepts any string
                 *     up to 255 characters, and `x-id-prefix` states the form the server looks up.
                 */
                id: components["parameters"]["PhoneNumberIdPath"];
            };
            cookie?: never;
        };
        /**
         * Get phone number
         * @description Retrieve a phone number by its prefixed id.
         */
        get: operations["agentsGetPhoneNumber"];
        put?: never;
        post?: never;
        /**
         * Delete phone number
         * @description Delete a phone number from the workspace. Later requests for its id get 404.
         */
        delete: operations["agentsDeletePhoneNumber"];
        options?: never;
        head?: never;
        /**
         * Update phone number
         * @description Update a phone number. Only `label` and the agent binding are mutable; `source` and `e164` are
         *     immutable after import (sending them is a 400). Pass `null` for `agent_id`, or `clear_agent_id: true`,
         *     to unbind the number from its current agent; `clear_agent_id: true` wins over `agent_id`. An empty
         *     `label` clears the label. Omitted fields are left unchanged; `updated_at` moves, `created_at` never
         *     does. `verified_caller_id` numbers can never be bound (400); an unknown agent is a 422. A failed
         *     update changes nothing.
         */
        patch: operations["agentsUpdatePhoneNumber"];
        trace?: never;
    };
    "/v1/convai/phone-numbers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Phone Numbers
         * @description Retrieve all Phone Numbers of the workspace (at most 100, the per-workspace cap), optionally filtered.
         */
        get: operations["convaiListPhoneNumbers"];
        put?: never;
        /**
         * Import Phone Number
         * @description Import Phone Number from provider configuration (Twilio, Exotel, or SIP trunk). When `provider` is
         *     omitted the body's fields pick the kind: `sid` or `token` make it Twilio; else any of `account_sid`,
         *     `api_key`, `api_token`, `api_subdomain` and `app_id` makes it Exotel; otherwise it is a SIP trunk. The
         *     body is then validated as that kind alone (a malformed `sid` is a 422 naming `sid`).
         *     Send an `Idempotency-Key` to make a retry safe.
         */
        post: operations["convaiCreatePhoneNumber"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/convai/phone-numbers/{phone_number_id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The phone number ID. This is returned when a phone number is imported (`phone_<26 char Crockford base32>`). */
                phone_number_id: components["parameters"]["ConvaiPhoneNumberIdPath"];
            };
            cookie?: never;
        };
        /**
         * Get Phone Number
         * @description Retrieve Phone Number details by ID
         */
        get: operations["convaiGetPhoneNumber"];
        put?: never;
        post?: never;
        /**
         * Delete Phone Number
         * @description Delete Phone Number by ID
         */
        delete: operations["convaiDeletePhoneNumber"];
        options?: never;
        head?: never;
        /**
         * Update Phone Number
         * @description Update assigned agent of a phone number, its label and, for SIP trunk numbers, its trunk configuration.
         */
        patch: operations["convaiUpdatePhoneNumber"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * PhoneNumberId
         * @description Prefixed wire identifier of a phone number: `phone_` followed by 26 characters of lowercase Crockford
         *     base32 (`0-9a-hjkmnp-tv-z`, the TypeID alphabet; the first character is `0`-`7`), which encode a
         *     UUIDv7. Legacy UUIDs are not ids.
         * @example phone_01kjqh7vm8fg9vjw2pv29p5pjw
         */
        PhoneNumberId: string;
        /**
         * E164
         * @description A phone number in E.164 format (`+`, country code, subscriber number; at most 15 digits), e.g. `+12025551234`.
         * @example +12025551234
         */
        E164: string;
        /**
         * PhoneNumberSource
         * @description Where the number came from. Determines the provisioning and portability path. Immutable after import.
         *
         *     - `livekit` - LiveKit owns the carrier relationship; US inbound only.
         *     - `twilio` - Customer's own Twilio number bridged via Elastic SIP Trunk.
         *     - `byoc` - Any SIP provider using a customer-supplied trunk.
         *     - `twilio_purchased` - Bought through `POST /v1/agents/phone-numbers/purchase` on the platform's master
         *       Twilio account; billed to the platform. (The purchase operation is not part of this contract.)
         *     - `verified_caller_id` - Customer-verified outbound caller ID on their own Twilio account (Twilio's
         *       OutgoingCallerIds resource). Server-determined at import time: when an `e164` submitted with
         *       `source=twilio` is not a full DID on the customer's account but IS a verified caller ID, the resulting
         *       number gets this source. Outbound-only, never agent-bindable, rides the customer's existing shared
         *       Twilio trunk for outbound routing. Requires a prior `twilio` full-DID import from the same account;
         *       without it the import returns 400.
         *     - `exotel` - An Exotel number imported through the convai surface (`provider=exotel`). Added by the
         *       merge of the two surfaces so that every convai number has a `source`.
         * @enum {string}
         */
        PhoneNumberSource: "livekit" | "twilio" | "byoc" | "twilio_purchased" | "verified_caller_id" | "exotel";
        /**
         * PhoneNumberCapability
         * @description What the number can do. `livekit` numbers are `inbound` only; `verified_caller_id` numbers are
         *     `outbound` only; the other sources support both directions.
         * @enum {string}
         */
        PhoneNumberCapability: "inbound" | "outbound";
        /**
         * Label
         * @description Human-readable label set by the customer. Free text without control characters.
         * @example Front desk
         */
        Label: string;
        /**
         * TrunkId
         * @description Prefixed wire identifier of a SIP trunk: `trunk_` followed by 26 characters of lowercase Crockford
         *     base32 (`0-9a-hjkmnp-tv-z`; the first character is `0`-`7`).
         * @example trunk_01kagb9r80ehc8e5k2fjx2vqm3
         */
        TrunkId: string;
        /**
         * AgentId
         * @description Prefixed wire identifier of an agent: `agent_` followed by 26 characters of lowercase Crockford base32
         *     (`0-9a-hjkmnp-tv-z`; the first character is `0`-`7`).
         * @example agent_01kbcnnn80f9w89eekvvxb6ss8
         */
        AgentId: string;
        /**
         * PhoneNumber
         * @description A phone number in the workspace, as the agents surface shows it. Every property is always present;
         *     properties that do not apply are `null`. Only `label` and the agent binding (`agent_id`) change after
         *     import; `source` and `e164` are immutable.
         */
        PhoneNumber: {
            /**
             * @description Prefixed wire identifier (`phone_<26 char Crockford base32>`). URL paths accept only this prefixed
             *     form; legacy UUID path parameters are rejected with 404.
             */
            id: components["schemas"]["PhoneNumberId"];
            /** @description The phone number in E.164 format (e.g. `+12025551234`). Immutable. */
            e164: components["schemas"]["E164"];
            source: components["schemas"]["PhoneNumberSource"];
            /** @description What this number can do. */
            capabilities: components["schemas"]["PhoneNumberCapability"][];
            /**
             * Format: date-time
             * @description When the number was imported. Never changes.
             */
            created_at: string;
            /**
             * Format: date-time
             * @description When the number was last modified. Never earlier than `created_at`.
             */
            updated_at: string;
            /** @description Optional human-readable label set by the customer; `""` when none is set. */
            label: components["schemas"]["Label"];
            /** @description ID of the SIP trunk backing this number, if applicable; `null` otherwise. */
            trunk_id: components["schemas"]["TrunkId"] | null;
            /** @description ID of the agent that answers calls to this number. `null` when unbound. */
            agent_id: components["schemas"]["AgentId"] | null;
            /** @description LiveKit's own phone number ID; populated for `source=livekit` only, `null` otherwise. */
            livekit_phone_number_id: string | null;
        } & (unknown & unknown);
        /**
         * PhoneNumberList
         * @description One page of `GET /v1/agents/phone-numbers`, newest first.
         */
        PhoneNumberList: {
            /** @description Phone numbers of the workspace on this page. */
            numbers: components["schemas"]["PhoneNumber"][];
            /**
             * @description Opaque cursor for the next page; pass it back as `cursor`. `null` at the end of the list (then
             *     `has_more` is `false`). Cursors are keyset-based: pages stay stable under concurrent inserts.
             */
            next_cursor: string | null;
            /** @description True when more numbers exist beyond this page. */
            has_more: boolean;
        };
        /**
         * ErrorCode
         * @description Stable machine-readable error code of the agents surface. Additive only: codes are never renamed, and
         *     clients should treat an unknown code like the generic code of its HTTP status.
         *
         *     - `bad_request` (400) - the body is not valid JSON.
         *     - `validation_failed` (400) - the request failed validation; `error.fields` names each offending field.
         *     - `phone_number_not_agent_bindable` (400) - the number (a `verified_caller_id`) cannot be bound to an agent.
         *     - `unauthorized` (401) - missing or unrecognised API key.
         *     - `not_found` (404) - no such route.
         *     - `phone_number_not_found` (404) - no such number in the workspace (including ids not of the `phone_` form).
         *     - `conflict` (409) - the `e164` is already in the workspace.
         *     - `payload_too_large` (413), `unsupported_media_type` (415).
         *     - `agent_not_found` (422) - the referenced agent does not exist in the workspace.
         *     - `rate_limited` (429), `internal_error` (500), `service_unavailable` (503).
         * @enum {string}
         */
        ErrorCode: "bad_request" | "validation_failed" | "phone_number_not_agent_bindable" | "unauthorized" | "not_found" | "phone_number_not_found" | "conflict" | "payload_too_large" | "unsupported_media_type" | "agent_not_found" | "rate_limited" | "internal_error" | "service_unavailable";
        /**
         * Error
         * @description The agents surface's error envelope, returned on every non-2xx response: a machine-readable
         *     `error.code` to switch on, a human `error.message`, per-field messages in `error.fields` for validation
         *     failures, and the `request_id` that is also in the `X-Request-Id` header.
         */
        Error: {
            error: {
                code: components["schemas"]["ErrorCode"];
                /** @description Human-readable explanation; wording may change, match on `code`. */
                message: string;
                /**
                 * @description Per-field validation messages as `path -> message`; only with `validation_failed`. Paths use
                 *     dotted/bracket notation (`twilio.account_sid`, `capabilities[0]`); `""` is the body itself.
                 */
                fields?: {
                    [key: string]: string;
                };
            };
            /** @description Echo of the `X-Request-Id` response header. */
            request_id: string;
        };
        /**
         * LivekitPhoneNumberImport
         * @description LiveKit purchases the number on your behalf. US inbound only.
         */
        LivekitPhoneNumberImport: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            source: "livekit";
            /**
             * @description The US number (`+1`, E.164) you want LiveKit to purchase; LiveKit sells US numbers only.
             * @example +14155550142
             */
            e164: string;
            label?: components["schemas"]["Label"];
            /** @description Optional agent to bind on import. */
            agent_id?: components["schemas"]["AgentId"];
        };
        /**
         * TwilioCredentials
         * @description Twilio credentials used to provision the trunk, then stored for trunk management. Never returned.
         */
        TwilioCredentials: {
            /** @description Twilio Account SID. */
            account_sid: string;
            /** @description Twilio Auth Token. Write-only - never echoed back. */
            auth_token: string;
        };
        /**
         * TwilioPhoneNumberImport
         * @description Your own Twilio number. An Elastic SIP Trunk is provisioned on your Twilio account. When `e164` is not a
         *     full DID on the account but is a verified caller ID, the number is stored with
         *     `source=verified_caller_id` (outbound-only, never agent-bindable; `agent_id` must then be omitted).
         */
        TwilioPhoneNumberImport: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            source: "twilio";
            /** @description The number you already own on Twilio. */
            e164: components["schemas"]["E164"];
            label?: components["schemas"]["Label"];
            /** @description Optional agent to bind on import. */
            agent_id?: components["schemas"]["AgentId"];
            twilio: components["schemas"]["TwilioCredentials"];
        };
        /**
         * ByocPhoneNumberImport
         * @description A number of any SIP provider, registered against an existing SIP trunk of yours.
         */
        ByocPhoneNumberImport: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            source: "byoc";
            /** @description The number you already own. */
            e164: components["schemas"]["E164"];
            label?: components["schemas"]["Label"];
            /** @description Optional agent to bind on import. */
            agent_id?: components["schemas"]["AgentId"];
            /** @description The SIP trunk to bind this number to. */
            trunk_id: components["schemas"]["TrunkId"];
        };
        /**
         * PhoneNumberImport
         * @description Body of `POST /v1/agents/phone-numbers`. `source` selects the provisioning path and the fields that
         *     apply. `twilio_purchased`, `verified_caller_id` and `exotel` are not importable here (the first is
         *     bought, the second is server-determined from a `twilio` import, the third is imported through the
         *     convai surface).
         */
        PhoneNumberImport: components["schemas"]["LivekitPhoneNumberImport"] | components["schemas"]["TwilioPhoneNumberImport"] | components["schemas"]["ByocPhoneNumberImport"];
        /**
         * PhoneNumberUpdate
         * @description Body of `PATCH /v1/agents/phone-numbers/{id}`. Only `label` and the agent binding are mutable; omitted
         *     fields are left unchanged. `source` and `e164` are immutable after import: sending either (or any other
         *     property) is rejected with `400 validation_failed`, naming the field in `error.fields`.
         */
        PhoneNumberUpdate: {
            /** @description New label. Pass an empty string to clear. */
            label?: components["schemas"]["Label"];
            /**
             * @description Agent to bind the number to. Prefixed wire identifier (`agent_<26 char Crockford base32>`). Pass
             *     `null` to unbind the number from its current agent. Binding a `verified_caller_id` number is a 400
             *     (`phone_number_not_agent_bindable`); an agent that does not exist in the workspace is a 422
             *     (`agent_not_found`).
             */
            agent_id?: components["schemas"]["AgentId"] | null;
            /** @description When true, unbinds the current agent (clears `agent_id`). Wins over `agent_id` when both are sent. */
            clear_agent_id?: boolean;
        };
        /**
         * TelephonyProvider
         * @enum {string}
         */
        TelephonyProvider: "twilio" | "sip_trunk" | "exotel";
        /**
         * BranchId
         * @description Agent branch to use for calls to this number.
         * @example agtbrch_main
         */
        BranchId: string;
        /**
         * EnvironmentName
         * @description Environment to use for resolving environment variables on calls to this number.
         * @example production
         */
        EnvironmentName: string;
        /** PhoneNumberAgentInfo */
        PhoneNumberAgentInfo: {
            /** @description The ID of the agent */
            agent_id: components["schemas"]["AgentId"];
            /** @description The name of the agent */
            agent_name: string;
            /** @description Environment to use for resolving environment variables on calls to this number. */
            environment?: components["schemas"]["EnvironmentName"] | null;
            /** @description Agent branch to use for calls to this number. */
            branch_id?: components["schemas"]["BranchId"] | null;
        };
        /**
         * GetPhoneNumberTwilioResponseModel
         * @description A Twilio number (`source` twilio, twilio_purchased or verified_caller_id on the agents surface).
         */
        GetPhoneNumberTwilioResponseModel: {
            /**
             * @description Phone provider (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            provider: "twilio";
            /** @description Phone number */
            phone_number: components["schemas"]["E164"];
            /** @description Label for the phone number */
            label: components["schemas"]["Label"];
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports inbound calls
             * @default true
             */
            supports_inbound?: boolean;
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports outbound calls
             * @default true
             */
            supports_outbound?: boolean;
            /** @description The ID of the phone number */
            phone_number_id: components["schemas"]["PhoneNumberId"];
            /** @description The agent that is assigned to the phone number */
            assigned_agent?: components["schemas"]["PhoneNumberAgentInfo"] | null;
        };
        /**
         * GetPhoneNumberExotelResponseModel
         * @description An Exotel number.
         */
        GetPhoneNumberExotelResponseModel: {
            /**
             * @description Phone provider (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            provider: "exotel";
            /** @description Phone number */
            phone_number: components["schemas"]["E164"];
            /** @description Label for the phone number */
            label: components["schemas"]["Label"];
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports inbound calls
             * @default true
             */
            supports_inbound?: boolean;
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports outbound calls
             * @default true
             */
            supports_outbound?: boolean;
            /** @description The ID of the phone number */
            phone_number_id: components["schemas"]["PhoneNumberId"];
            /** @description The agent that is assigned to the phone number */
            assigned_agent?: components["schemas"]["PhoneNumberAgentInfo"] | null;
        };
        /**
         * SipAddress
         * @description Hostname or IP the SIP INVITE is sent to, optionally with a port.
         */
        SipAddress: string;
        /**
         * SIPTrunkTransportEnum
         * @default auto
         * @enum {string}
         */
        SIPTrunkTransportEnum: "auto" | "udp" | "tcp" | "tls";
        /**
         * SIPMediaEncryptionEnum
         * @default allowed
         * @enum {string}
         */
        SIPMediaEncryptionEnum: "disabled" | "allowed" | "required";
        /**
         * SipHeaderMap
         * @description A map of names to SIP header names or values (string to string).
         */
        SipHeaderMap: {
            [key: string]: string;
        };
        /**
         * MediaCodec
         * @enum {string}
         */
        MediaCodec: "G722/8000" | "PCMU/8000" | "PCMA/8000";
        /**
         * GetPhoneNumberOutboundSIPTrunkConfigResponseModel
         * @description SIP Trunk configuration details for a phone number
         */
        GetPhoneNumberOutboundSIPTrunkConfigResponseModel: {
            /** @description Hostname or IP the SIP INVITE is sent to */
            address: components["schemas"]["SipAddress"];
            /** @description Protocol to use for SIP transport */
            transport: components["schemas"]["SIPTrunkTransportEnum"];
            /** @description Whether or not to encrypt media (data layer). */
            media_encryption: components["schemas"]["SIPMediaEncryptionEnum"];
            /** @description SIP headers for INVITE request */
            headers?: components["schemas"]["SipHeaderMap"];
            /** @description Map of dynamic variable name to header name for attributes_to_headers */
            attributes_to_headers?: components["schemas"]["SipHeaderMap"];
            /** @description Whether authentication credentials are configured */
            has_auth_credentials: boolean;
            /** @description SIP trunk username (if available) */
            username?: string | null;
            /**
             * @description Whether a LiveKit SIP outbound trunk is configured
             * @default false
             */
            has_outbound_trunk?: boolean;
            /** @description Media codecs that are offered in the SDP for outbound calls. If empty, all supported codecs are offered. */
            enabled_codecs?: components["schemas"]["MediaCodec"][];
        };
        /**
         * SipAddressList
         * @description IP addresses, each an individual address or a CIDR block.
         */
        SipAddressList: string[];
        /** E164List */
        E164List: components["schemas"]["E164"][];
        /** DomainList */
        DomainList: string[];
        /** GetPhoneNumberInboundSIPTrunkConfigResponseModel */
        GetPhoneNumberInboundSIPTrunkConfigResponseModel: {
            /** @description List of IP addresses that are allowed to use the trunk. Each item in the list can be an individual IP address or a Classless Inter-Domain Routing notation representing a CIDR block. */
            allowed_addresses: components["schemas"]["SipAddressList"];
            /** @description List of phone numbers that are allowed to use the trunk. */
            allowed_numbers: components["schemas"]["E164List"] | null;
            media_encryption: components["schemas"]["SIPMediaEncryptionEnum"];
            /** @description Whether authentication credentials are configured */
            has_auth_credentials: boolean;
            /** @description SIP trunk username (if available) */
            username?: string | null;
            /** @description Domains of remote SIP servers used to validate TLS certificates. */
            remote_domains?: components["schemas"]["DomainList"] | null;
            /** @description Map of dynamic variable name to header name for attributes_to_headers */
            attributes_to_headers?: components["schemas"]["SipHeaderMap"];
        };
        /**
         * LivekitStackType
         * @default standard
         * @enum {string}
         */
        LivekitStackType: "standard" | "static";
        /**
         * GetPhoneNumberSIPTrunkResponseModel
         * @description A SIP trunk number (`source` byoc or livekit on the agents surface). Trunk credentials are never returned; `has_auth_credentials` says whether they exist.
         */
        GetPhoneNumberSIPTrunkResponseModel: {
            /**
             * @description Phone provider (enum property replaced by openapi-typescript)
             * @enum {string}
             */
            provider: "sip_trunk";
            /** @description Phone number */
            phone_number: components["schemas"]["E164"];
            /** @description Label for the phone number */
            label: components["schemas"]["Label"];
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports inbound calls
             * @default true
             */
            supports_inbound?: boolean;
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports outbound calls
             * @default true
             */
            supports_outbound?: boolean;
            /** @description The ID of the phone number */
            phone_number_id: components["schemas"]["PhoneNumberId"];
            /** @description The agent that is assigned to the phone number */
            assigned_agent?: components["schemas"]["PhoneNumberAgentInfo"] | null;
            /**
             * @deprecated
             * @description Deprecated alias of `outbound_trunk`.
             */
            provider_config?: components["schemas"]["GetPhoneNumberOutboundSIPTrunkConfigResponseModel"] | null;
            /** @description Configuration of the Outbound SIP trunk - if configured. */
            outbound_trunk?: components["schemas"]["GetPhoneNumberOutboundSIPTrunkConfigResponseModel"] | null;
            /** @description Configuration of the Inbound SIP trunk - if configured. */
            inbound_trunk?: components["schemas"]["GetPhoneNumberInboundSIPTrunkConfigResponseModel"] | null;
            /** @description Type of Livekit stack used for this number. */
            livekit_stack: components["schemas"]["LivekitStackType"];
            /**
             * @description Whether to store SIP messages for this phone number.
             * @default true
             */
            store_sip_messages?: boolean;
        };
        /**
         * GetPhoneNumberResponseModel
         * @description A phone number as the convai surface shows it; the variant follows `provider`.
         */
        GetPhoneNumberResponseModel: components["schemas"]["GetPhoneNumberTwilioResponseModel"] | components["schemas"]["GetPhoneNumberExotelResponseModel"] | components["schemas"]["GetPhoneNumberSIPTrunkResponseModel"];
        /** ValidationError */
        ValidationError: {
            /**
             * Location
             * @description Where the problem is. The first item is `body`, `path`, `query` or `header`; then property names and array indexes.
             */
            loc: (string | number)[];
            /** Message */
            msg: string;
            /** Error Type */
            type: string;
        };
        /**
         * HTTPValidationError
         * @description The convai surface's error body, for every non-2xx response. Each item of `detail` says where
         *     (`loc`, e.g. `["body", "agent_id"]`), what (`msg`) and which kind (`type`, a stable code such as
         *     `missing`, `string_type`, `json_invalid`, `invalid_api_key`, `not_found`, `agent_not_found`).
         */
        HTTPValidationError: {
            detail?: components["schemas"]["ValidationError"][];
        };
        /**
         * TwilioRegionId
         * @description Valid Twilio region IDs.
         * @enum {string}
         */
        TwilioRegionId: "us1" | "ie1" | "au1";
        /**
         * TwilioEdgeLocation
         * @description Valid Twilio edge locations.
         * @enum {string}
         */
        TwilioEdgeLocation: "ashburn" | "dublin" | "frankfurt" | "sao-paulo" | "singapore" | "sydney" | "tokyo" | "umatilla" | "roaming";
        /** RegionConfigRequest */
        RegionConfigRequest: {
            /** @description Region ID */
            region_id: components["schemas"]["TwilioRegionId"];
            /** @description Auth Token for this region. Write-only - never returned. */
            token: string;
            /** @description Edge location for this region */
            edge_location: components["schemas"]["TwilioEdgeLocation"];
        };
        /** CreateTwilioPhoneNumberRequest */
        CreateTwilioPhoneNumberRequest: {
            /** @description Phone number */
            phone_number: components["schemas"]["E164"];
            /** @description Label for the phone number */
            label: components["schemas"]["Label"];
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports inbound calls
             * @default true
             */
            supports_inbound?: boolean;
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports outbound calls
             * @default true
             */
            supports_outbound?: boolean;
            /**
             * @default twilio
             * @constant
             */
            provider?: "twilio";
            /** @description Agent ID to assign the phone number to */
            agent_id?: components["schemas"]["AgentId"] | null;
            /** @description Twilio Account SID */
            sid: string;
            /** @description Twilio Auth Token. Write-only - never returned. */
            token: string;
            /** @description Twilio Additional Region Configuration */
            region_config?: components["schemas"]["RegionConfigRequest"] | null;
            /**
             * @description Route inbound SMS to the platform. On by default; set to false to skip SMS configuration for numbers that don't support it.
             * @default true
             */
            enable_sms?: boolean;
        };
        /**
         * ExotelApiSubdomain
         * @enum {string}
         */
        ExotelApiSubdomain: "api.in.exotel.com" | "api.exotel.com";
        /** CreateExotelPhoneNumberRequest */
        CreateExotelPhoneNumberRequest: {
            /** @description Phone number */
            phone_number: components["schemas"]["E164"];
            /** @description Label for the phone number */
            label: components["schemas"]["Label"];
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports inbound calls
             * @default true
             */
            supports_inbound?: boolean;
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports outbound calls
             * @default true
             */
            supports_outbound?: boolean;
            /**
             * @default exotel
             * @constant
             */
            provider?: "exotel";
            /** @description Agent ID to assign the phone number to */
            agent_id?: components["schemas"]["AgentId"] | null;
            /** @description Exotel Account SID */
            account_sid: string;
            /** @description Exotel API Key. Write-only - never returned. */
            api_key: string;
            /** @description Exotel API Token. Write-only - never returned. */
            api_token: string;
            /** @description Exotel region-specific API host */
            api_subdomain: components["schemas"]["ExotelApiSubdomain"];
            /** @description Exotel applet identifier used in Calls/connect */
            app_id: string;
            /** @description Optional full applet URL override. Defaults to Exotel start_voice URL derived from account SID and app ID. */
            applet_url?: string | null;
        };
        /** SIPTrunkCredentialsRequestModel */
        SIPTrunkCredentialsRequestModel: {
            /** @description SIP trunk username */
            username: string;
            /** @description SIP trunk password - if not specified, then remain unchanged. Write-only - never returned. */
            password?: string | null;
        };
        /** InboundSIPTrunkConfigRequestModel */
        InboundSIPTrunkConfigRequestModel: {
            /** @description List of IP addresses that are allowed to use the trunk. Each item in the list can be an individual IP address or a Classless Inter-Domain Routing notation representing a CIDR block. */
            allowed_addresses?: components["schemas"]["SipAddressList"] | null;
            /** @description List of phone numbers that are allowed to use the trunk. */
            allowed_numbers?: components["schemas"]["E164List"] | null;
            /**
             * @description Whether or not to encrypt media (data layer).
             * @default allowed
             */
            media_encryption?: components["schemas"]["SIPMediaEncryptionEnum"];
            /** @description Optional digest authentication credentials (username/password). */
            credentials?: components["schemas"]["SIPTrunkCredentialsRequestModel"] | null;
            /** @description Domains of remote SIP servers used to validate TLS certificates. */
            remote_domains?: components["schemas"]["DomainList"] | null;
            /** @description Map of dynamic variable name to header name for attributes_to_headers */
            attributes_to_headers?: components["schemas"]["SipHeaderMap"];
        };
        /** OutboundSIPTrunkConfigRequestModel */
        OutboundSIPTrunkConfigRequestModel: {
            /** @description Hostname or IP the SIP INVITE is sent to. */
            address: components["schemas"]["SipAddress"];
            /**
             * @description Protocol to use for SIP transport (signalling layer).
             * @default auto
             */
            transport?: components["schemas"]["SIPTrunkTransportEnum"];
            /**
             * @description Whether or not to encrypt media (data layer).
             * @default allowed
             */
            media_encryption?: components["schemas"]["SIPMediaEncryptionEnum"];
            /** @description SIP X-* headers for INVITE request. These headers are sent as-is and may help identify this call. */
            headers?: components["schemas"]["SipHeaderMap"];
            /** @description Map of dynamic variable name to header name for attributes_to_headers */
            attributes_to_headers?: components["schemas"]["SipHeaderMap"];
            /** @description Optional digest authentication credentials (username/password). If not provided, ACL authentication is assumed. */
            credentials?: components["schemas"]["SIPTrunkCredentialsRequestModel"] | null;
            /** @description Media codecs that should be offered in the SDP for outbound calls. If empty, all supported codecs are offered. */
            enabled_codecs?: components["schemas"]["MediaCodec"][];
        };
        /** CreateSIPTrunkPhoneNumberRequestV2 */
        CreateSIPTrunkPhoneNumberRequestV2: {
            /** @description Phone number */
            phone_number: components["schemas"]["E164"];
            /** @description Label for the phone number */
            label: components["schemas"]["Label"];
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports inbound calls
             * @default true
             */
            supports_inbound?: boolean;
            /**
             * @deprecated
             * @description This field is deprecated and will be removed in the future. Whether this phone number supports outbound calls
             * @default true
             */
            supports_outbound?: boolean;
            /**
             * @default sip_trunk
             * @constant
             */
            provider?: "sip_trunk";
            /** @description Agent ID to assign the phone number to */
            agent_id?: components["schemas"]["AgentId"] | null;
            inbound_trunk_config?: components["schemas"]["InboundSIPTrunkConfigRequestModel"] | null;
            outbound_trunk_config?: components["schemas"]["OutboundSIPTrunkConfigRequestModel"] | null;
        };
        /**
         * CreatePhoneNumberRequest
         * @description Create Phone Request Information. One of the three provider bodies, and which one is decided, not
         *     guessed: `provider` when sent; otherwise a body carrying a field only Twilio's body requires (`sid`,
         *     `token`) is a Twilio body, else one carrying a field only Exotel's body requires (`account_sid`,
         *     `api_key`, `api_token`, `api_subdomain`, `app_id`) is an Exotel body, else it is a SIP-trunk body. The
         *     body is then validated as that provider's body alone, so a malformed `sid` is refused (naming `sid`)
         *     instead of passing as a SIP-trunk body that happens to carry extra fields. Any value counts as carrying
         *     the field, `null` and `false` included. The `if`/`then`/`else` chain below says this in JSON Schema.
         *     A number must support inbound or outbound calls: `supports_inbound` and `supports_outbound` may not
         *     both be `false` (the number would have no capabilities on the agents surface).
         */
        CreatePhoneNumberRequest: components["schemas"]["CreateTwilioPhoneNumberRequest"] | components["schemas"]["CreateExotelPhoneNumberRequest"] | components["schemas"]["CreateSIPTrunkPhoneNumberRequestV2"];
        /** CreatePhoneNumberResponseModel */
        CreatePhoneNumberResponseModel: {
            /** @description Phone entity ID */
            phone_number_id: components["schemas"]["PhoneNumberId"];
        };
        /**
         * UpdatePhoneNumberRequest
         * @description Body of `PATCH /v1/convai/phone-numbers/{phone_number_id}`. Every property is optional; an omitted one is
         *     left unchanged. `agent_id: null` unassigns the agent. Unknown properties are ignored. Trunk configs apply
         *     to `sip_trunk` numbers only (a 422 otherwise); a trunk config replaces the stored one, except that a
         *     credentials `password` that is omitted or `null` keeps the stored password.
         */
        UpdatePhoneNumberRequest: {
            agent_id?: components["schemas"]["AgentId"] | null;
            label?: components["schemas"]["Label"] | null;
            inbound_trunk_config?: components["schemas"]["InboundSIPTrunkConfigRequestModel"] | null;
            outbound_trunk_config?: components["schemas"]["OutboundSIPTrunkConfigRequestModel"] | null;
            livekit_stack?: components["schemas"]["LivekitStackType"] | null;
            store_sip_messages?: boolean | null;
            /** @description Environment to use for resolving environment variables on calls to this number. */
            environment?: components["schemas"]["EnvironmentName"] | null;
            /** @description Agent branch to use for calls to this number. */
            branch_id?: components["schemas"]["BranchId"] | null;
        };
    };
    responses: {
        /** @description The request is malformed (`bad_request`: the body is not JSON) or failed validation (`validation_failed`, with `error.fields` naming each field), or asks for something the number cannot do (`phone_number_not_agent_bindable`). */
        AgentsBadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Authentication is missing or invalid: send `Authorization: Bearer sk_...`. */
        AgentsUnauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Too many requests for this key. Wait for `Retry-After` seconds; idempotent requests are safe to retry. */
        AgentsRateLimited: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description An unexpected server error. Idempotent requests are safe to retry with backoff. */
        AgentsInternalError: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The service is briefly unavailable (maintenance, overload). Wait for `Retry-After` seconds; idempotent requests are safe to retry. */
        AgentsUnavailable: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The `e164` is already imported into the workspace. */
        AgentsConflict: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request body is larger than 64 KiB. */
        AgentsPayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is not `application/json`. */
        AgentsUnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request references an agent that does not exist in the workspace (`agent_not_found`). Nothing was changed. */
        AgentsUnprocessable: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The number does not exist, was deleted, belongs to another workspace, or the id is not of the `phone_...` form (legacy UUIDs included). These cases are indistinguishable by design. */
        AgentsNotFound: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Authentication is missing or invalid: send your API key in the `xi-api-key` header. */
        ConvaiUnauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["HTTPValidationError"];
            };
        };
        /** @description Validation Error: the request failed validation (`detail` lists each problem), its body is not JSON (`json_invalid`), it references an agent that does not exist (`agent_not_found`), or it changes something the number does not have (`not_sip_trunk`, `phone_number_not_agent_bindable`). */
        ConvaiValidationError: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["HTTPValidationError"];
            };
        };
        /** @description Too many requests for this key. Wait for `Retry-After` seconds. */
        ConvaiRateLimited: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["HTTPValidationError"];
            };
        };
        /** @description An unexpected server error. Idempotent requests are safe to retry with backoff. */
        ConvaiInternalError: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["HTTPValidationError"];
            };
        };
        /** @description The service is briefly unavailable (maintenance, overload). Wait for `Retry-After` seconds. */
        ConvaiUnavailable: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["HTTPValidationError"];
            };
        };
        /** @description The phone number is already imported into the workspace. */
        ConvaiConflict: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["HTTPValidationError"];
            };
        };
        /** @description The request body is larger than 64 KiB. */
        ConvaiPayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["HTTPValidationError"];
            };
        };
        /** @description The body is not `application/json`. */
        ConvaiUnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["HTTPValidationError"];
            };
        };
        /** @description No phone number with this id is visible to the workspace (missing, deleted, or another workspace's). */
        ConvaiNotFound: {
            headers: {
                "X-Request-Id": components["headers"]["X-Request-Id"];
                RateLimit: components["headers"]["RateLimit"];
                "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["HTTPValidationError"];
            };
        };
    };
    parameters: {
        /** @description Opaque cursor from a previous page's `next_cursor`; omit for the first page. */
        Cursor: string;
        /** @description Maximum number of items per page. */
        Limit: number;
        /**
         * @description A client-generated key (at most 255 characters) that makes this POST safe to retry: a retried request
         *     with the same key and body gets the first response again instead of creating a second number.
         */
        IdempotencyKey: string;
        /**
         * @description The phone number's prefixed wire identifier, `phone_<26 char Crockford base32>` (see `PhoneNumberId`).
         *     Any other value, including a legacy UUID, is answered with **404** (`phone_number_not_found`), never
         *     400: an id that is not of the prefixed form names no number. The schema therefore accepts any string
         *     up to 255 characters, and `x-id-prefix` states the form the server looks up.
         */
        PhoneNumberIdPath: string;
        /** @description Filter by telephony provider */
        ConvaiProviderFilter: components["schemas"]["TelephonyProvider"];
        /** @description Filter by assigned agent ID */
        ConvaiAgentIdFilter: components["schemas"]["AgentId"];
        /** @description Filter by assigned branch ID */
        ConvaiBranchIdFilter: components["schemas"]["BranchId"];
        /** @description The phone number ID. This is returned when a phone number is imported (`phone_<26 char Crockford base32>`). */
        ConvaiPhoneNumberIdPath: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description Identifier of this request, unique per response. Quote it when reporting a problem. On the agents
         *     surface it is echoed as `request_id` in error bodies.
         * @example req_01jt9b4kqz8w6v3m2n1p0r7s5t
         */
        "X-Request-Id": string;
        /**
         * @description Remaining quota of the policy that applies to this key, as in the IETF `RateLimit` header draft,
         *     e.g. `"default";r=99;t=30` (99 requests left, window resets in 30 s). Sent by deployments that
         *     enforce rate limits.
         * @example "default";r=99;t=30
         */
        RateLimit: string;
        /**
         * @description CORS. Present when the request carried an `Origin` header: the API answers browser requests from
         *     any origin (credentials are API keys, never cookies).
         * @example *
         */
        "Access-Control-Allow-Origin": string;
        /**
         * @description Seconds to wait before retrying (RFC 9110, delay-seconds form).
         * @example 30
         */
        "Retry-After": number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    agentsListPhoneNumbers: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `next_cursor`; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Maximum number of items per page. */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the workspace's phone numbers. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneNumberList"];
                };
            };
            400: components["responses"]["AgentsBadRequest"];
            401: components["responses"]["AgentsUnauthorized"];
            429: components["responses"]["AgentsRateLimited"];
            500: components["responses"]["AgentsInternalError"];
            503: components["responses"]["AgentsUnavailable"];
        };
    };
    agentsImportPhoneNumber: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-generated key (at most 255 characters) that makes this POST safe to retry: a retried request
                 *     with the same key and body gets the first response again instead of creating a second number.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PhoneNumberImport"];
            };
        };
        responses: {
            /** @description The imported phone number. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneNumber"];
                };
            };
            400: components["responses"]["AgentsBadRequest"];
            401: components["responses"]["AgentsUnauthorized"];
            409: components["responses"]["AgentsConflict"];
            413: components["responses"]["AgentsPayloadTooLarge"];
            415: components["responses"]["AgentsUnsupportedMediaType"];
            422: components["responses"]["AgentsUnprocessable"];
            429: components["responses"]["AgentsRateLimited"];
            500: components["responses"]["AgentsInternalError"];
            503: components["responses"]["AgentsUnavailable"];
        };
    };
    agentsGetPhoneNumber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The phone number's prefixed wire identifier, `phone_<26 char Crockford base32>` (see `PhoneNumberId`).
                 *     Any other value, including a legacy UUID, is answered with **404** (`phone_number_not_found`), never
                 *     400: an id that is not of the prefixed form names no number. The schema therefore accepts any string
                 *     up to 255 characters, and `x-id-prefix` states the form the server looks up.
                 */
                id: components["parameters"]["PhoneNumberIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The phone number. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneNumber"];
                };
            };
            401: components["responses"]["AgentsUnauthorized"];
            404: components["responses"]["AgentsNotFound"];
            429: components["responses"]["AgentsRateLimited"];
            500: components["responses"]["AgentsInternalError"];
            503: components["responses"]["AgentsUnavailable"];
        };
    };
    agentsDeletePhoneNumber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The phone number's prefixed wire identifier, `phone_<26 char Crockford base32>` (see `PhoneNumberId`).
                 *     Any other value, including a legacy UUID, is answered with **404** (`phone_number_not_found`), never
                 *     400: an id that is not of the prefixed form names no number. The schema therefore accepts any string
                 *     up to 255 characters, and `x-id-prefix` states the form the server looks up.
                 */
                id: components["parameters"]["PhoneNumberIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The phone number was deleted. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["AgentsUnauthorized"];
            404: components["responses"]["AgentsNotFound"];
            429: components["responses"]["AgentsRateLimited"];
            500: components["responses"]["AgentsInternalError"];
            503: components["responses"]["AgentsUnavailable"];
        };
    };
    agentsUpdatePhoneNumber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description The phone number's prefixed wire identifier, `phone_<26 char Crockford base32>` (see `PhoneNumberId`).
                 *     Any other value, including a legacy UUID, is answered with **404** (`phone_number_not_found`), never
                 *     400: an id that is not of the prefixed form names no number. The schema therefore accepts any string
                 *     up to 255 characters, and `x-id-prefix` states the form the server looks up.
                 */
                id: components["parameters"]["PhoneNumberIdPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PhoneNumberUpdate"];
            };
        };
        responses: {
            /** @description The updated phone number. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PhoneNumber"];
                };
            };
            400: components["responses"]["AgentsBadRequest"];
            401: components["responses"]["AgentsUnauthorized"];
            404: components["responses"]["AgentsNotFound"];
            413: components["responses"]["AgentsPayloadTooLarge"];
            415: components["responses"]["AgentsUnsupportedMediaType"];
            422: components["responses"]["AgentsUnprocessable"];
            429: components["responses"]["AgentsRateLimited"];
            500: components["responses"]["AgentsInternalError"];
            503: components["responses"]["AgentsUnavailable"];
        };
    };
    convaiListPhoneNumbers: {
        parameters: {
            query?: {
                /** @description Filter by telephony provider */
                provider?: components["parameters"]["ConvaiProviderFilter"];
                /** @description Filter by assigned agent ID */
                agent_id?: components["parameters"]["ConvaiAgentIdFilter"];
                /** @description Filter by assigned branch ID */
                branch_id?: components["parameters"]["ConvaiBranchIdFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetPhoneNumberResponseModel"][];
                };
            };
            401: components["responses"]["ConvaiUnauthorized"];
            422: components["responses"]["ConvaiValidationError"];
            429: components["responses"]["ConvaiRateLimited"];
            500: components["responses"]["ConvaiInternalError"];
            503: components["responses"]["ConvaiUnavailable"];
        };
    };
    convaiCreatePhoneNumber: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-generated key (at most 255 characters) that makes this POST safe to retry: a retried request
                 *     with the same key and body gets the first response again instead of creating a second number.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePhoneNumberRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatePhoneNumberResponseModel"];
                };
            };
            401: components["responses"]["ConvaiUnauthorized"];
            409: components["responses"]["ConvaiConflict"];
            413: components["responses"]["ConvaiPayloadTooLarge"];
            415: components["responses"]["ConvaiUnsupportedMediaType"];
            422: components["responses"]["ConvaiValidationError"];
            429: components["responses"]["ConvaiRateLimited"];
            500: components["responses"]["ConvaiInternalError"];
            503: components["responses"]["ConvaiUnavailable"];
        };
    };
    convaiGetPhoneNumber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The phone number ID. This is returned when a phone number is imported (`phone_<26 char Crockford base32>`). */
                phone_number_id: components["parameters"]["ConvaiPhoneNumberIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetPhoneNumberResponseModel"];
                };
            };
            401: components["responses"]["ConvaiUnauthorized"];
            404: components["responses"]["ConvaiNotFound"];
            422: components["responses"]["ConvaiValidationError"];
            429: components["responses"]["ConvaiRateLimited"];
            500: components["responses"]["ConvaiInternalError"];
            503: components["responses"]["ConvaiUnavailable"];
        };
    };
    convaiDeletePhoneNumber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The phone number ID. This is returned when a phone number is imported (`phone_<26 char Crockford base32>`). */
                phone_number_id: components["parameters"]["ConvaiPhoneNumberIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            401: components["responses"]["ConvaiUnauthorized"];
            404: components["responses"]["ConvaiNotFound"];
            422: components["responses"]["ConvaiValidationError"];
            429: components["responses"]["ConvaiRateLimited"];
            500: components["responses"]["ConvaiInternalError"];
            503: components["responses"]["ConvaiUnavailable"];
        };
    };
    convaiUpdatePhoneNumber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The phone number ID. This is returned when a phone number is imported (`phone_<26 char Crockford base32>`). */
                phone_number_id: components["parameters"]["ConvaiPhoneNumberIdPath"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePhoneNumberRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    RateLimit: components["headers"]["RateLimit"];
                    "Access-Control-Allow-Origin": components["headers"]["Access-Control-Allow-Origin"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetPhoneNumberResponseModel"];
                };
            };
            401: components["responses"]["ConvaiUnauthorized"];
            404: components["responses"]["ConvaiNotFound"];
            413: components["responses"]["ConvaiPayloadTooLarge"];
            415: components["responses"]["ConvaiUnsupportedMediaType"];
            422: components["responses"]["ConvaiValidationError"];
            429: components["responses"]["ConvaiRateLimited"];
            500: components["responses"]["ConvaiInternalError"];
            503: components["responses"]["ConvaiUnavailable"];
        };
    };
}
