/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

/* The server Docker Hub credentials are filed under, by docker and here. */
#define BERTH_REGISTRY_DOCKER_HUB_SERVER "https://index.docker.io/v1/"

/* The libsecret schema registry passwords are kept under. */
#define BERTH_REGISTRY_SECRET_SCHEMA "io.github.berthapp.Berth.Registry"

/* docker's username for a stored identity token instead of a password. */
#define BERTH_REGISTRY_TOKEN_USERNAME "<token>"

/**
 * BerthRegistryAuth:
 * @server: the registry, as docker files it ("registry.example.com:5000",
 *   or %BERTH_REGISTRY_DOCKER_HUB_SERVER for Docker Hub)
 * @username: (nullable): the user
 * @password: (nullable): the password or access token
 * @identity_token: (nullable): an OAuth identity token the registry gave
 *   instead of keeping the password
 *
 * Credentials for one registry. Known servers listed from the keyring or
 * docker's config carry no @password.
 */
typedef struct
{
  char *server;
  char *username;
  char *password;
  char *identity_token;
} BerthRegistryAuth;

#define BERTH_TYPE_REGISTRY_AUTH (berth_registry_auth_get_type ())

GType              berth_registry_auth_get_type          (void) G_GNUC_CONST;
BerthRegistryAuth *berth_registry_auth_new               (const char               *server,
                                                          const char               *username,
                                                          const char               *password);
BerthRegistryAuth *berth_registry_auth_copy              (const BerthRegistryAuth  *self);
void               berth_registry_auth_free              (BerthRegistryAuth        *self);
gboolean           berth_registry_auth_validate          (const BerthRegistryAuth  *self,
                                                          GError                  **error);
char              *berth_registry_auth_encode            (const BerthRegistryAuth  *self);
JsonNode          *berth_registry_auth_to_json           (const BerthRegistryAuth  *self);
char              *berth_registry_server_for_registry    (const char               *registry);
char             **berth_registry_auth_login_argv        (const BerthRegistryAuth  *self);
char             **berth_registry_auth_logout_argv       (const char               *server);

/* POST /auth: the engine asks the registry whether the credentials work. */
void               berth_registry_login_async            (BerthEngine              *engine,
                                                          const BerthRegistryAuth  *auth,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
BerthRegistryAuth *berth_registry_login_finish           (BerthEngine              *engine,
                                                          GAsyncResult             *result,
                                                          char                    **status,
                                                          GError                  **error);

/* The desktop keyring (libsecret). */
void               berth_registry_auth_store_async       (const BerthRegistryAuth  *auth,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
gboolean           berth_registry_auth_store_finish      (GAsyncResult             *result,
                                                          GError                  **error);
void               berth_registry_auth_lookup_async      (const char               *server,
                                                          const char               *username,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
BerthRegistryAuth *berth_registry_auth_lookup_finish     (GAsyncResult             *result,
                                                          GError                  **error);
void               berth_registry_auth_clear_async       (const char               *server,
                                                          const char               *username,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
gboolean           berth_registry_auth_clear_finish      (GAsyncResult             *result,
                                                          GError                  **error);
void               berth_registry_auth_list_async        (GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
GPtrArray         *berth_registry_auth_list_finish       (GAsyncResult             *result,
                                                          GError                  **error);

/* docker's own config.json, read only to offer servers it knows. */
char              *berth_docker_config_path              (void);
GPtrArray         *berth_docker_config_parse_auths       (const char               *data,
                                                          gssize                    length,
                                                          GError                  **error);
void               berth_docker_config_list_async        (GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
GPtrArray         *berth_docker_config_list_finish       (GAsyncResult             *result,
                                                          GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthRegistryAuth, berth_registry_auth_free)

G_END_DECLS
