/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Server documents the discovery, registration and retry tests use.
 *
 * GLEWLWYD_DISCOVERY: the OpenID Connect discovery document of Glewlwyd 2.7.5
 * (Debian 12) as configured for the device tests (the plugin settings of the
 * project's Glewlwyd notes: an ES256 signing key, request-parameter-allow,
 * client-jwks-parameter "jwks", client_credentials, refresh and device grants,
 * introspection/revocation and registration allowed; external URL
 * https://127.0.0.1:4593). Not captured from a running server: rebuilt
 * member by member, in order, from generate_discovery_content() in
 * src/plugin/protocol_oidc.c of the v2.7.5 tag, with rhonabwy's JWS list
 * (HS*, RS*, PS*, ES256/384/512, EdDSA, ES256K), serialised compact as
 * jansson's JSON_COMPACT does. It shows the quirk the notes report:
 * grant_types_supported omits client_credentials and refresh_token although
 * they are enabled; the device code URN is listed.
 *
 * RFC8414_EXAMPLE: RFC 8414 section 3.2's example response body (the
 * members and values as in the RFC; the figure's layout with its margin
 * removed).
 *
 * RFC7591_RESPONSE: RFC 7591 section 3.2.1's example response body, likewise.
 */
#ifndef EJWT_SERVER_DOCS_H
#define EJWT_SERVER_DOCS_H

#define GLEWLWYD_ISSUER "https://127.0.0.1:4593/api/oidc"

#define GLEWLWYD_DISCOVERY                                                                         \
    "{\"issuer\":\"https://127.0.0.1:4593/api/oidc\","                                             \
    "\"authorization_endpoint\":\"https://127.0.0.1:4593/api/oidc/auth\","                         \
    "\"token_endpoint\":\"https://127.0.0.1:4593/api/oidc/token\","                                \
    "\"userinfo_endpoint\":\"https://127.0.0.1:4593/api/oidc/userinfo\","                          \
    "\"jwks_uri\":\"https://127.0.0.1:4593/api/oidc/jwks\","                                       \
    "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\","                          \
    "\"client_secret_post\",\"client_secret_jwt\",\"private_key_jwt\"],"                           \
    "\"id_token_signing_alg_values_supported\":[\"ES256\",\"ES384\",\"ES512\"],"                   \
    "\"userinfo_signing_alg_values_supported\":[\"ES256\",\"ES384\",\"ES512\"],"                   \
    "\"access_token_signing_alg_values_supported\":[\"ES256\",\"ES384\",\"ES512\"],"               \
    "\"request_object_signing_alg_values_supported\":[\"HS256\",\"HS384\",\"HS512\",\"RS256\","    \
    "\"RS384\",\"RS512\",\"PS256\",\"PS384\",\"PS512\",\"ES256\",\"ES384\",\"ES512\",\"EdDSA\","   \
    "\"ES256K\"],\"token_endpoint_auth_signing_alg_values_supported\":[\"HS256\",\"HS384\","       \
    "\"HS512\",\"RS256\",\"RS384\",\"RS512\",\"PS256\",\"PS384\",\"PS512\",\"ES256\",\"ES384\","   \
    "\"ES512\","                                                                                   \
    "\"EdDSA\",\"ES256K\"],\"scopes_supported\":[\"openid\"],"                                     \
    "\"response_types_supported\":[\"client_credentials\",\"refresh_token\"],"                     \
    "\"response_modes_supported\":[\"query\",\"fragment\",\"form_post\"],"                         \
    "\"grant_types_supported\":[\"authorization_code\",\"implicit\","                              \
    "\"urn:ietf:params:oauth:grant-type:device_code\"],"                                           \
    "\"display_values_supported\":[\"page\",\"popup\",\"touch\",\"wap\"],"                         \
    "\"claim_types_supported\":[\"normal\"],\"claims_parameter_supported\":true,"                  \
    "\"claims_supported\":[],\"ui_locales_supported\":[\"en\",\"fr\",\"nl\",\"de\"],"              \
    "\"request_parameter_supported\":true,\"request_uri_parameter_supported\":true,"               \
    "\"require_request_uri_registration\":false,\"subject_types_supported\":[\"public\"],"         \
    "\"revocation_endpoint\":\"https://127.0.0.1:4593/api/oidc/revoke\","                          \
    "\"introspection_endpoint\":\"https://127.0.0.1:4593/api/oidc/introspect\","                   \
    "\"revocation_endpoint_auth_methods_supported\":[],"                                           \
    "\"introspection_endpoint_auth_methods_supported\":[],"                                        \
    "\"introspection_signing_alg_values_supported\":[\"HS256\",\"HS384\",\"HS512\",\"RS256\","     \
    "\"RS384\",\"RS512\",\"PS256\",\"PS384\",\"PS512\",\"ES256\",\"ES384\",\"ES512\",\"EdDSA\","   \
    "\"ES256K\"],\"registration_endpoint\":\"https://127.0.0.1:4593/api/oidc/register\","          \
    "\"device_authorization_endpoint\":\"https://127.0.0.1:4593/api/oidc/device_authorization\"}"

#define RFC8414_ISSUER "https://server.example.com"
#define RFC8414_EXAMPLE                                                                            \
    "{\n"                                                                                          \
    " \"issuer\":\n"                                                                               \
    "   \"https://server.example.com\",\n"                                                         \
    " \"authorization_endpoint\":\n"                                                               \
    "   \"https://server.example.com/authorize\",\n"                                               \
    " \"token_endpoint\":\n"                                                                       \
    "   \"https://server.example.com/token\",\n"                                                   \
    " \"token_endpoint_auth_methods_supported\":\n"                                                \
    "   [\"client_secret_basic\", \"private_key_jwt\"],\n"                                         \
    " \"token_endpoint_auth_signing_alg_values_supported\":\n"                                     \
    "   [\"RS256\", \"ES256\"],\n"                                                                 \
    " \"userinfo_endpoint\":\n"                                                                    \
    "   \"https://server.example.com/userinfo\",\n"                                                \
    " \"jwks_uri\":\n"                                                                             \
    "   \"https://server.example.com/jwks.json\",\n"                                               \
    " \"registration_endpoint\":\n"                                                                \
    "   \"https://server.example.com/register\",\n"                                                \
    " \"scopes_supported\":\n"                                                                     \
    "   [\"openid\", \"profile\", \"email\", \"address\",\n"                                       \
    "    \"phone\", \"offline_access\"],\n"                                                        \
    " \"response_types_supported\":\n"                                                             \
    "   [\"code\", \"code token\"],\n"                                                             \
    " \"service_documentation\":\n"                                                                \
    "   \"http://server.example.com/service_documentation.html\",\n"                               \
    " \"ui_locales_supported\":\n"                                                                 \
    "   [\"en-US\", \"en-GB\", \"en-CA\", \"fr-FR\", \"fr-CA\"]\n"                                 \
    "}\n"

#define RFC7591_RESPONSE                                                                           \
    "{\n"                                                                                          \
    " \"client_id\": \"s6BhdRkqt3\",\n"                                                            \
    " \"client_secret\": \"cf136dc3c1fc93f31185e5885805d\",\n"                                     \
    " \"client_id_issued_at\": 2893256800,\n"                                                      \
    " \"client_secret_expires_at\": 2893276800,\n"                                                 \
    " \"redirect_uris\": [\n"                                                                      \
    "   \"https://client.example.org/callback\",\n"                                                \
    "   \"https://client.example.org/callback2\"],\n"                                              \
    " \"grant_types\": [\"authorization_code\", \"refresh_token\"],\n"                             \
    " \"client_name\": \"My Example Client\",\n"                                                   \
    " \"client_name#ja-Jpan-JP\":\n"                                                               \
    "    \"\\u30AF\\u30E9\\u30A4\\u30A2\\u30F3\\u30C8\\u540D\",\n"                                 \
    " \"token_endpoint_auth_method\": \"client_secret_basic\",\n"                                  \
    " \"logo_uri\": \"https://client.example.org/logo.png\",\n"                                    \
    " \"jwks_uri\": \"https://client.example.org/my_public_keys.jwks\",\n"                         \
    " \"example_extension_parameter\": \"example_value\"\n"                                        \
    "}\n"

#endif /* EJWT_SERVER_DOCS_H */
