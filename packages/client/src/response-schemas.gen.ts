// Generated from spec/dist/openapi.json by `pnpm --filter @phone-api/client generate`. Do not edit by hand.

/** The component schemas that response bodies use, as one JSON Schema (2020-12) document. */
export const schemaDocument = {
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:phone-api:responses",
  "$defs": {
    "PhoneNumberId": {
      "type": "string",
      "pattern": "^phone_[0-7][0-9a-hjkmnp-tv-z]{25}$",
      "minLength": 32,
      "maxLength": 32
    },
    "E164": {
      "type": "string",
      "pattern": "^\\+[1-9][0-9]{1,14}$",
      "minLength": 3,
      "maxLength": 16
    },
    "PhoneNumberSource": {
      "type": "string",
      "enum": [
        "livekit",
        "twilio",
        "byoc",
        "twilio_purchased",
        "verified_caller_id",
        "exotel"
      ]
    },
    "PhoneNumberCapability": {
      "type": "string",
      "enum": [
        "inbound",
        "outbound"
      ]
    },
    "Label": {
      "type": "string",
      "maxLength": 255,
      "pattern": "^[^\\x00-\\x1F\\x7F]*$"
    },
    "TrunkId": {
      "type": "string",
      "pattern": "^trunk_[0-7][0-9a-hjkmnp-tv-z]{25}$",
      "minLength": 32,
      "maxLength": 32
    },
    "AgentId": {
      "type": "string",
      "pattern": "^agent_[0-7][0-9a-hjkmnp-tv-z]{25}$",
      "minLength": 32,
      "maxLength": 32
    },
    "PhoneNumber": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "id",
        "e164",
        "source",
        "capabilities",
        "created_at",
        "updated_at",
        "label",
        "trunk_id",
        "agent_id",
        "livekit_phone_number_id"
      ],
      "properties": {
        "id": {
          "$ref": "urn:phone-api:responses#/$defs/PhoneNumberId"
        },
        "e164": {
          "$ref": "urn:phone-api:responses#/$defs/E164"
        },
        "source": {
          "$ref": "urn:phone-api:responses#/$defs/PhoneNumberSource"
        },
        "capabilities": {
          "type": "array",
          "items": {
            "$ref": "urn:phone-api:responses#/$defs/PhoneNumberCapability"
          },
          "minItems": 1,
          "maxItems": 2,
          "uniqueItems": true
        },
        "created_at": {
          "type": "string",
          "format": "date-time",
          "maxLength": 40
        },
        "updated_at": {
          "type": "string",
          "format": "date-time",
          "maxLength": 40
        },
        "label": {
          "$ref": "urn:phone-api:responses#/$defs/Label"
        },
        "trunk_id": {
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/TrunkId"
            },
            {
              "type": "null"
            }
          ]
        },
        "agent_id": {
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/AgentId"
            },
            {
              "type": "null"
            }
          ]
        },
        "livekit_phone_number_id": {
          "oneOf": [
            {
              "type": "string",
              "pattern": "^PN_[0-9A-Za-z]{4,64}$",
              "maxLength": 67
            },
            {
              "type": "null"
            }
          ]
        }
      },
      "allOf": [
        {
          "if": {
            "properties": {
              "source": {
                "const": "livekit"
              }
            }
          },
          "then": {
            "properties": {
              "livekit_phone_number_id": {
                "type": "string",
                "maxLength": 67,
                "pattern": "^PN_"
              },
              "capabilities": {
                "const": [
                  "inbound"
                ]
              }
            }
          },
          "else": {
            "properties": {
              "livekit_phone_number_id": {
                "type": "null"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "source": {
                "const": "verified_caller_id"
              }
            }
          },
          "then": {
            "properties": {
              "capabilities": {
                "const": [
                  "outbound"
                ]
              },
              "agent_id": {
                "type": "null"
              }
            }
          }
        }
      ]
    },
    "PhoneNumberList": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "numbers",
        "next_cursor",
        "has_more"
      ],
      "properties": {
        "numbers": {
          "type": "array",
          "maxItems": 200,
          "items": {
            "$ref": "urn:phone-api:responses#/$defs/PhoneNumber"
          }
        },
        "next_cursor": {
          "oneOf": [
            {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,512}$",
              "maxLength": 512
            },
            {
              "type": "null"
            }
          ]
        },
        "has_more": {
          "type": "boolean"
        }
      }
    },
    "ErrorCode": {
      "type": "string",
      "enum": [
        "bad_request",
        "validation_failed",
        "phone_number_not_agent_bindable",
        "unauthorized",
        "not_found",
        "phone_number_not_found",
        "conflict",
        "payload_too_large",
        "unsupported_media_type",
        "agent_not_found",
        "rate_limited",
        "internal_error",
        "service_unavailable"
      ]
    },
    "Error": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "error",
        "request_id"
      ],
      "properties": {
        "error": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "code",
            "message"
          ],
          "properties": {
            "code": {
              "$ref": "urn:phone-api:responses#/$defs/ErrorCode"
            },
            "message": {
              "type": "string",
              "maxLength": 1024,
              "pattern": "^[^\\x00-\\x08\\x0B-\\x1F\\x7F]+$"
            },
            "fields": {
              "type": "object",
              "maxProperties": 100,
              "additionalProperties": {
                "type": "string",
                "maxLength": 512,
                "pattern": "^[^\\x00-\\x1F\\x7F]+$"
              }
            }
          }
        },
        "request_id": {
          "type": "string",
          "pattern": "^req_[0-9A-Za-z_-]{8,64}$",
          "maxLength": 68
        }
      }
    },
    "BranchId": {
      "type": "string",
      "maxLength": 128,
      "pattern": "^[A-Za-z0-9_-]+$"
    },
    "EnvironmentName": {
      "type": "string",
      "maxLength": 64,
      "pattern": "^[A-Za-z0-9_.-]+$"
    },
    "PhoneNumberAgentInfo": {
      "type": "object",
      "required": [
        "agent_id",
        "agent_name"
      ],
      "properties": {
        "agent_id": {
          "$ref": "urn:phone-api:responses#/$defs/AgentId"
        },
        "agent_name": {
          "type": "string",
          "maxLength": 255,
          "pattern": "^[^\\x00-\\x1F\\x7F]*$"
        },
        "environment": {
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/EnvironmentName"
            },
            {
              "type": "null"
            }
          ]
        },
        "branch_id": {
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/BranchId"
            },
            {
              "type": "null"
            }
          ]
        }
      }
    },
    "GetPhoneNumberTwilioResponseModel": {
      "type": "object",
      "required": [
        "provider",
        "phone_number",
        "label",
        "phone_number_id"
      ],
      "properties": {
        "provider": {
          "type": "string",
          "const": "twilio",
          "default": "twilio"
        },
        "phone_number": {
          "$ref": "urn:phone-api:responses#/$defs/E164"
        },
        "label": {
          "$ref": "urn:phone-api:responses#/$defs/Label"
        },
        "supports_inbound": {
          "type": "boolean",
          "default": true,
          "deprecated": true
        },
        "supports_outbound": {
          "type": "boolean",
          "default": true,
          "deprecated": true
        },
        "phone_number_id": {
          "$ref": "urn:phone-api:responses#/$defs/PhoneNumberId"
        },
        "assigned_agent": {
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/PhoneNumberAgentInfo"
            },
            {
              "type": "null"
            }
          ]
        }
      }
    },
    "GetPhoneNumberExotelResponseModel": {
      "type": "object",
      "required": [
        "provider",
        "phone_number",
        "label",
        "phone_number_id"
      ],
      "properties": {
        "provider": {
          "type": "string",
          "const": "exotel",
          "default": "exotel"
        },
        "phone_number": {
          "$ref": "urn:phone-api:responses#/$defs/E164"
        },
        "label": {
          "$ref": "urn:phone-api:responses#/$defs/Label"
        },
        "supports_inbound": {
          "type": "boolean",
          "default": true,
          "deprecated": true
        },
        "supports_outbound": {
          "type": "boolean",
          "default": true,
          "deprecated": true
        },
        "phone_number_id": {
          "$ref": "urn:phone-api:responses#/$defs/PhoneNumberId"
        },
        "assigned_agent": {
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/PhoneNumberAgentInfo"
            },
            {
              "type": "null"
            }
          ]
        }
      }
    },
    "SipAddress": {
      "type": "string",
      "maxLength": 255,
      "pattern": "^[A-Za-z0-9.\\-]+(:[0-9]{1,5})?$|^\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?$"
    },
    "SIPTrunkTransportEnum": {
      "type": "string",
      "enum": [
        "auto",
        "udp",
        "tcp",
        "tls"
      ],
      "default": "auto"
    },
    "SIPMediaEncryptionEnum": {
      "type": "string",
      "enum": [
        "disabled",
        "allowed",
        "required"
      ],
      "default": "allowed"
    },
    "SipHeaderMap": {
      "type": "object",
      "maxProperties": 50,
      "propertyNames": {
        "maxLength": 128,
        "pattern": "^[A-Za-z0-9_.-]+$"
      },
      "additionalProperties": {
        "type": "string",
        "maxLength": 1024,
        "pattern": "^[^\\x00-\\x1F\\x7F]*$"
      }
    },
    "MediaCodec": {
      "type": "string",
      "enum": [
        "G722/8000",
        "PCMU/8000",
        "PCMA/8000"
      ]
    },
    "GetPhoneNumberOutboundSIPTrunkConfigResponseModel": {
      "type": "object",
      "required": [
        "address",
        "transport",
        "media_encryption",
        "has_auth_credentials"
      ],
      "properties": {
        "address": {
          "$ref": "urn:phone-api:responses#/$defs/SipAddress"
        },
        "transport": {
          "$ref": "urn:phone-api:responses#/$defs/SIPTrunkTransportEnum"
        },
        "media_encryption": {
          "$ref": "urn:phone-api:responses#/$defs/SIPMediaEncryptionEnum"
        },
        "headers": {
          "$ref": "urn:phone-api:responses#/$defs/SipHeaderMap"
        },
        "attributes_to_headers": {
          "$ref": "urn:phone-api:responses#/$defs/SipHeaderMap"
        },
        "has_auth_credentials": {
          "type": "boolean"
        },
        "username": {
          "oneOf": [
            {
              "type": "string",
              "maxLength": 128,
              "pattern": "^[^\\x00-\\x1F\\x7F]+$"
            },
            {
              "type": "null"
            }
          ]
        },
        "has_outbound_trunk": {
          "type": "boolean",
          "default": false
        },
        "enabled_codecs": {
          "type": "array",
          "maxItems": 3,
          "uniqueItems": true,
          "items": {
            "$ref": "urn:phone-api:responses#/$defs/MediaCodec"
          }
        }
      }
    },
    "SipAddressList": {
      "type": "array",
      "maxItems": 100,
      "items": {
        "type": "string",
        "maxLength": 64,
        "pattern": "^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$"
      }
    },
    "E164List": {
      "type": "array",
      "maxItems": 100,
      "items": {
        "$ref": "urn:phone-api:responses#/$defs/E164"
      }
    },
    "DomainList": {
      "type": "array",
      "maxItems": 20,
      "items": {
        "type": "string",
        "format": "hostname",
        "maxLength": 253
      }
    },
    "GetPhoneNumberInboundSIPTrunkConfigResponseModel": {
      "type": "object",
      "required": [
        "allowed_addresses",
        "allowed_numbers",
        "media_encryption",
        "has_auth_credentials"
      ],
      "properties": {
        "allowed_addresses": {
          "$ref": "urn:phone-api:responses#/$defs/SipAddressList"
        },
        "allowed_numbers": {
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/E164List"
            },
            {
              "type": "null"
            }
          ]
        },
        "media_encryption": {
          "$ref": "urn:phone-api:responses#/$defs/SIPMediaEncryptionEnum"
        },
        "has_auth_credentials": {
          "type": "boolean"
        },
        "username": {
          "oneOf": [
            {
              "type": "string",
              "maxLength": 128,
              "pattern": "^[^\\x00-\\x1F\\x7F]+$"
            },
            {
              "type": "null"
            }
          ]
        },
        "remote_domains": {
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/DomainList"
            },
            {
              "type": "null"
            }
          ]
        },
        "attributes_to_headers": {
          "$ref": "urn:phone-api:responses#/$defs/SipHeaderMap"
        }
      }
    },
    "LivekitStackType": {
      "type": "string",
      "enum": [
        "standard",
        "static"
      ],
      "default": "standard"
    },
    "GetPhoneNumberSIPTrunkResponseModel": {
      "type": "object",
      "required": [
        "provider",
        "phone_number",
        "label",
        "phone_number_id",
        "livekit_stack"
      ],
      "properties": {
        "provider": {
          "type": "string",
          "const": "sip_trunk",
          "default": "sip_trunk"
        },
        "phone_number": {
          "$ref": "urn:phone-api:responses#/$defs/E164"
        },
        "label": {
          "$ref": "urn:phone-api:responses#/$defs/Label"
        },
        "supports_inbound": {
          "type": "boolean",
          "default": true,
          "deprecated": true
        },
        "supports_outbound": {
          "type": "boolean",
          "default": true,
          "deprecated": true
        },
        "phone_number_id": {
          "$ref": "urn:phone-api:responses#/$defs/PhoneNumberId"
        },
        "assigned_agent": {
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/PhoneNumberAgentInfo"
            },
            {
              "type": "null"
            }
          ]
        },
        "provider_config": {
          "deprecated": true,
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/GetPhoneNumberOutboundSIPTrunkConfigResponseModel"
            },
            {
              "type": "null"
            }
          ]
        },
        "outbound_trunk": {
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/GetPhoneNumberOutboundSIPTrunkConfigResponseModel"
            },
            {
              "type": "null"
            }
          ]
        },
        "inbound_trunk": {
          "oneOf": [
            {
              "$ref": "urn:phone-api:responses#/$defs/GetPhoneNumberInboundSIPTrunkConfigResponseModel"
            },
            {
              "type": "null"
            }
          ]
        },
        "livekit_stack": {
          "$ref": "urn:phone-api:responses#/$defs/LivekitStackType"
        },
        "store_sip_messages": {
          "type": "boolean",
          "default": true
        }
      }
    },
    "GetPhoneNumberResponseModel": {
      "type": "object",
      "oneOf": [
        {
          "$ref": "urn:phone-api:responses#/$defs/GetPhoneNumberTwilioResponseModel"
        },
        {
          "$ref": "urn:phone-api:responses#/$defs/GetPhoneNumberExotelResponseModel"
        },
        {
          "$ref": "urn:phone-api:responses#/$defs/GetPhoneNumberSIPTrunkResponseModel"
        }
      ],
      "discriminator": {
        "propertyName": "provider"
      }
    },
    "ValidationError": {
      "type": "object",
      "required": [
        "loc",
        "msg",
        "type"
      ],
      "properties": {
        "loc": {
          "type": "array",
          "maxItems": 32,
          "items": {
            "oneOf": [
              {
                "type": "string",
                "maxLength": 256,
                "pattern": "^[^\\x00-\\x1F\\x7F]*$"
              },
              {
                "type": "integer",
                "format": "int32",
                "minimum": 0,
                "maximum": 2147483647
              }
            ]
          }
        },
        "msg": {
          "type": "string",
          "maxLength": 1024,
          "pattern": "^[^\\x00-\\x08\\x0B-\\x1F\\x7F]+$"
        },
        "type": {
          "type": "string",
          "maxLength": 128,
          "pattern": "^[a-z][a-z0-9_.]*$"
        }
      }
    },
    "HTTPValidationError": {
      "type": "object",
      "properties": {
        "detail": {
          "type": "array",
          "maxItems": 100,
          "items": {
            "$ref": "urn:phone-api:responses#/$defs/ValidationError"
          }
        }
      }
    },
    "CreatePhoneNumberResponseModel": {
      "type": "object",
      "required": [
        "phone_number_id"
      ],
      "properties": {
        "phone_number_id": {
          "$ref": "urn:phone-api:responses#/$defs/PhoneNumberId"
        }
      }
    }
  }
};

/** The JSON Schema of each documented response body, by operation id and status. */
export const responseSchemas: Record<string, Record<string, object>> = {
  "agentsListPhoneNumbers": {
    "200": {
      "$ref": "urn:phone-api:responses#/$defs/PhoneNumberList"
    },
    "400": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "401": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "429": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "500": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "503": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    }
  },
  "agentsImportPhoneNumber": {
    "201": {
      "$ref": "urn:phone-api:responses#/$defs/PhoneNumber"
    },
    "400": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "401": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "409": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "413": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "415": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "422": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "429": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "500": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "503": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    }
  },
  "agentsGetPhoneNumber": {
    "200": {
      "$ref": "urn:phone-api:responses#/$defs/PhoneNumber"
    },
    "401": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "404": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "429": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "500": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "503": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    }
  },
  "agentsDeletePhoneNumber": {
    "401": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "404": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "429": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "500": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "503": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    }
  },
  "agentsUpdatePhoneNumber": {
    "200": {
      "$ref": "urn:phone-api:responses#/$defs/PhoneNumber"
    },
    "400": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "401": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "404": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "413": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "415": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "422": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "429": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "500": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    },
    "503": {
      "$ref": "urn:phone-api:responses#/$defs/Error"
    }
  },
  "convaiListPhoneNumbers": {
    "200": {
      "type": "array",
      "maxItems": 100,
      "items": {
        "$ref": "urn:phone-api:responses#/$defs/GetPhoneNumberResponseModel"
      }
    },
    "401": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "422": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "429": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "500": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "503": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    }
  },
  "convaiCreatePhoneNumber": {
    "200": {
      "$ref": "urn:phone-api:responses#/$defs/CreatePhoneNumberResponseModel"
    },
    "401": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "409": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "413": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "415": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "422": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "429": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "500": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "503": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    }
  },
  "convaiGetPhoneNumber": {
    "200": {
      "$ref": "urn:phone-api:responses#/$defs/GetPhoneNumberResponseModel"
    },
    "401": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "404": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "422": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "429": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "500": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "503": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    }
  },
  "convaiDeletePhoneNumber": {
    "200": {
      "type": "object",
      "maxProperties": 0
    },
    "401": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "404": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "422": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "429": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "500": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "503": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    }
  },
  "convaiUpdatePhoneNumber": {
    "200": {
      "$ref": "urn:phone-api:responses#/$defs/GetPhoneNumberResponseModel"
    },
    "401": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "404": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "413": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "415": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "422": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "429": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "500": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    },
    "503": {
      "$ref": "urn:phone-api:responses#/$defs/HTTPValidationError"
    }
  }
};
